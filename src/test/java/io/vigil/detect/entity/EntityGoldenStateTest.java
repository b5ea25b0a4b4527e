package io.vigil.detect.entity;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.DetectConfig.CalibrationConfig;
import io.vigil.detect.calibrate.TailCalibrator;
import io.vigil.model.StateBytes;
import io.vigil.testing.GoldenFiles;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * State saved by version 1 of the entity stage (golden/entity/v1.json): an entity's members and
 * fitted relation model ({@code entity-fit-v1}) and what it learns step by step ({@code
 * entity-learn-v1}: moments and the calibration of D²). Restored, it must judge the recorded steps
 * exactly as when the file was written (D², tail probability, groups) and learn them into the
 * recorded state.
 *
 * <p>To write the file for a new version: {@code mvn test -Dtest=EntityGoldenStateTest
 * -Dvigil.golden.write=src/test/resources/golden/entity/vN.json}.
 */
class EntityGoldenStateTest {
    static final long T0 = 1_767_225_600_000L;
    static final int N = 6;
    static final CalibrationConfig CAL = ConfigLoader.load(null, Map.of()).detect().calibration();
    static final TailCalibrator.Settings TAIL = TailCalibrator.Settings.of(CAL);
    static final double ALARM_P = TailCalibrator.probabilityAt(CAL.excludeAbove(), CAL.halfSurprise(60_000));

    record Step(double[] deviations, double distance, double probability) {}

    record Golden(EntityFit fit, EntityLearning learning, List<Step> steps, EntityLearning after) {}

    /** Six series, 1 a near copy of 0; a day of steps fitted, then 300 more as the tail's sample. */
    static Golden record() {
        Random r = new Random(17);
        EntityFit fit = EntityFit.start(T0);
        for (int i = 0; i < N; i++) {
            fit = fit.withMember("m" + i + "{instance=\"h\"}", Map.of("instance", "h", "job", "node"));
        }
        EntityLearning l = EntityLearning.start(T0);
        double[] m = RelationModel.grown(l.moments(), N);
        for (int t = 0; t < 1440; t++) {
            RelationModel.learn(m, step(r), N);
        }
        fit = fit.refitted(RelationModel.fit(m, 1440, N, 0.7), T0 + 1440 * 60_000L);
        RelationModel.decay(m);
        l = l.withMoments(m, 720);
        for (int t = 0; t < 300; t++) {
            l = learnTail(l, RelationModel.distance(fit.model(), step(r)));
        }
        EntityLearning before = StateBytes.roundTrip(EntityLearning.class, l);
        List<Step> steps = new ArrayList<>();
        for (int t = 0; t < 20; t++) {
            double[] u = step(r);
            if (t == 10) {
                u[0] = 2; // the copies part ways
                u[1] = -2;
            }
            double d2 = RelationModel.distance(fit.model(), u);
            steps.add(new Step(u, d2, probability(l, d2)));
            l = learnt(l, u, d2);
        }
        return new Golden(fit, before, steps, l);
    }

    static double[] step(Random r) {
        double a = 0.3 * r.nextGaussian();
        double[] u = new double[N];
        for (int i = 0; i < N; i++) {
            u[i] = i == 0 ? a : i == 1 ? a + 0.03 * r.nextGaussian() : 0.3 * r.nextGaussian();
        }
        return u;
    }

    /** What the stage learns from a calm step it does not flag: its D² in the calibration, its deviations in the moments. */
    static EntityLearning learnt(EntityLearning l, double[] u, double d2) {
        EntityLearning next = learnTail(l, d2);
        double[] m = next.moments().clone();
        RelationModel.learn(m, u, N);
        return next.withMoments(m, next.weight() + 1);
    }

    /** p(D² ≥ d2) as the stage reads it from its calibration. */
    static double probability(EntityLearning l, double d2) {
        return new TailCalibrator(TAIL, l.calibration()).tailProbability(RelationTail.z(d2, N));
    }

    /** The calibration having seen one more step's D², as the stage learns it. */
    static EntityLearning learnTail(EntityLearning l, double d2) {
        TailCalibrator c = new TailCalibrator(TAIL, l.calibration());
        c.learn(RelationTail.z(d2, N), ALARM_P);
        return l.withCalibration(c.toState());
    }

    @Test
    void v1State_restoresAndJudgesIdentically() throws IOException {
        Golden g = GoldenFiles.read("entity", 1, Golden.class, EntityGoldenStateTest::record);
        assertThat(g.fit().version()).isEqualTo(1);
        assertThat(g.learning().version()).isEqualTo(1);
        EntityFit fit = StateBytes.roundTrip(EntityFit.class, g.fit());
        assertThat(fit.groups()).as("the copies are one group").startsWith(0, 0);
        EntityLearning l = StateBytes.roundTrip(EntityLearning.class, g.learning());
        for (Step s : g.steps()) {
            double d2 = RelationModel.distance(fit.model(), s.deviations());
            assertThat(d2).isEqualTo(s.distance());
            assertThat(probability(l, d2)).isEqualTo(s.probability());
            l = learnt(l, s.deviations(), d2);
        }
        assertThat(l.moments()).containsExactly(g.after().moments());
        assertThat(l.calibration()).usingRecursiveComparison().withComparatorForType(Double::compare, Double.class)
                .isEqualTo(g.after().calibration());
        assertThat(g.steps().get(10).probability()).as("the parting is beyond the one-minute budget")
                .isLessThan(7e-5);
    }
}
