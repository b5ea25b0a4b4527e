package io.vigil.detect.calibrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.DetectConfig.CalibrationConfig;
import io.vigil.model.StateBytes;
import io.vigil.testing.GoldenFiles;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * State saved by version 1 of the tail calibrator (golden/calibration/v1.json) must restore into a
 * calibrator that gives the recorded tail probabilities, and after learning the recorded deviations
 * the recorded ones again and the recorded state. Probabilities go through Math.pow and Math.exp:
 * compared up to {@link GoldenFiles#CLOSE}. The state in the file is what version 1 wrote; when the
 * scoring rule changes on purpose and the layout does not, only the recorded answers are recomputed
 * from that same state (the predictive tail did so).
 *
 * <p>To write the file for a new version: {@code mvn test -Dtest=CalibrationGoldenStateTest
 * -Dvigil.golden.write=src/test/resources/golden/calibration/vN.json}.
 */
class CalibrationGoldenStateTest {
    /** The settings the file was written with (the defaults then), pinned so a new default does not move it. */
    static final CalibrationConfig CONFIG = new CalibrationConfig(true, 3.0, 300.0, 4.0, 20000.0, 0.1, 0.6);
    static final double[] DEVIATIONS = {0, 0.5, 1, 2, 2.99, 3, 3.01, 3.5, 4, 5, 6, 8, 10, 15, 25, 40};

    /** P(deviation ≥ z) as version 1 answered. */
    record Tail(double z, double p) {}

    /**
     * @param alarmP the learning's anomaly cut (score 0.6 at 5-minute steps), as it was computed
     * @param learned deviations learned after the first queries
     */
    record Golden(double alarmP, CalibrationState state, List<Tail> tails, List<Double> learned, List<Tail> tailsAfter,
            CalibrationState after) {}

    static List<Tail> tails(TailCalibrator c) {
        List<Tail> out = new ArrayList<>();
        for (double z : DEVIATIONS) {
            out.add(new Tail(z, c.tailProbability(z)));
        }
        return out;
    }

    static void assertTails(TailCalibrator c, List<Tail> expected) {
        assertThat(expected).extracting(Tail::z).containsExactly(java.util.Arrays.stream(DEVIATIONS).boxed()
                .toArray(Double[]::new));
        for (Tail t : expected) {
            assertThat(c.tailProbability(t.z())).as("P(Z > %s)", t.z()).usingComparator(GoldenFiles.CLOSE)
                    .isEqualTo(t.p());
        }
    }

    @Test
    void v1State_restoresWithTheSameTailProbabilities_andLearnsOnIdentically() throws IOException {
        Golden golden = GoldenFiles.read("calibration", 1, Golden.class, CalibrationGoldenStateTest::record);
        CalibrationState s = golden.state();
        assertThat(s.version()).isEqualTo(1);
        assertThat(s.count()).as("a fitted tail, not the prior").isGreaterThanOrEqualTo(TailCalibrator.MIN_SHAPE_PEAKS);
        assertThat(s.clusterMax()).as("saved with a cluster open").isNotNaN();
        assertThat(golden.alarmP()).usingComparator(GoldenFiles.CLOSE)
                .isEqualTo(TailCalibrator.probabilityAt(CONFIG.excludeAbove(), CONFIG.halfSurprise(300_000)));

        TailCalibrator c = new TailCalibrator(CONFIG, s);
        assertTails(c, golden.tails());
        for (double z : golden.learned()) {
            c.learn(z, golden.alarmP());
        }
        assertTails(c, golden.tailsAfter());
        assertThat(c.toState()).usingRecursiveComparison().withComparatorForType(GoldenFiles.CLOSE, Double.class)
                .isEqualTo(golden.after());
        assertThat(golden.after().head()).as("the learned stretch closed clusters").isNotEqualTo(s.head());
    }

    /** |Laplace(0, 1)| deviations with a recurring fault (clipped into the fit), then 400 more to learn. */
    static Golden record() {
        double alarmP = TailCalibrator.probabilityAt(CONFIG.excludeAbove(), CONFIG.halfSurprise(300_000));
        TailCalibrator c = new TailCalibrator(CONFIG, TailCalibrator.empty());
        Random r = new Random(19);
        for (int i = 0; i < 30_000; i++) {
            c.learn(i % 5000 == 4000 ? 40 : -Math.log(1 - r.nextDouble()), alarmP);
        }
        c.learn(3.6, alarmP);
        c.learn(4.2, alarmP); // a cluster is open when the state is saved
        CalibrationState saved = StateBytes.roundTrip(CalibrationState.class, c.toState());
        c = new TailCalibrator(CONFIG, StateBytes.roundTrip(CalibrationState.class, saved));
        List<Tail> before = tails(c);
        List<Double> learned = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            learned.add(i == 200 ? 30 : -Math.log(1 - r.nextDouble()));
        }
        for (double z : learned) {
            c.learn(z, alarmP);
        }
        return new Golden(alarmP, saved, before, learned, tails(c), c.toState());
    }
}
