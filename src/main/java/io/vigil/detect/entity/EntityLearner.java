package io.vigil.detect.entity;

import io.vigil.config.DetectConfig.CalibrationConfig;
import io.vigil.detect.calibrate.TailCalibrator;

import java.io.Serializable;

/**
 * What one complete step of an entity teaches its relation model, and the model's verdict on it:
 * the one rule the stream ({@link JudgeEntities}) and training from history ({@link EntitySeeds})
 * share, so an entity seeded from history is where the stream would be after it.
 *
 * <p>The step is judged on D² over the members that are not anomalous at it (a witness independent
 * of them), beyond the false-alarm budget's tail probability at {@link #PERSIST} of the last
 * {@link #RECENT} steps; an unflagged D² teaches the tail, a calm unflagged step the moments, and
 * every {@code refitEvery} with enough normal steps the model is refitted.
 */
public final class EntityLearner implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Relation persistence: beyond p* at {@link #PERSIST} of the last {@link #RECENT} steps. */
    static final int RECENT = 3;
    static final int PERSIST = 2;
    /** Normal steps a fit needs per member (and at least {@link #MIN_STEPS}). */
    static final int STEPS_PER_MEMBER = 10;
    static final int MIN_STEPS = 100;

    private final EntityConfig config;
    private final TailCalibrator.Settings tail;
    private final double pointBudget;
    private final double halfSurprise;
    private final double alarmP;

    /**
     * The entity's state after a step and the verdict on it.
     *
     * @param relation the relation model's score when it flagged the step, else 0
     */
    public record Step(EntityFit fit, EntityLearning learning, boolean flagged, double relation, boolean refitted) {}

    public EntityLearner(EntityConfig config, long stepMs, CalibrationConfig calibration) {
        this.config = config;
        this.tail = TailCalibrator.Settings.of(calibration);
        this.pointBudget = CalibrationConfig.pointBudget(calibration.falseAlarmsPerDay(), stepMs);
        this.halfSurprise = calibration.halfSurprise(stepMs);
        this.alarmP = TailCalibrator.probabilityAt(calibration.excludeAbove(), halfSurprise);
    }

    /**
     * Step {@code now} of entity {@code f}: {@code deviations} by member (NaN: absent), {@code alerting}
     * the members anomalous at it; {@code l} null before the entity's first step.
     */
    public Step learn(EntityFit f, EntityLearning l, double[] deviations, int[] alerting, long now) {
        if (l == null) {
            l = EntityLearning.start(now);
        }
        int n = f.members().length;
        boolean flagged = false;
        double relation = 0;
        RelationModel.Fit model = f.model();
        if (config.relation() && model != null) {
            double z = RelationTail.z(RelationModel.distance(model, without(deviations, alerting)), model.n());
            TailCalibrator calibrator = new TailCalibrator(tail, l.calibration());
            double p = calibrator.tailProbability(z);
            boolean beyond = p <= pointBudget;
            int bits = (l.recent() << 1 | (beyond ? 1 : 0)) & ((1 << RECENT) - 1);
            flagged = beyond && Integer.bitCount(bits) >= PERSIST;
            relation = TailCalibrator.surprise(p, halfSurprise);
            l = l.withRecent(bits);
            if (!flagged) {
                calibrator.learn(z, alarmP);
                l = l.withCalibration(calibrator.toState());
            }
        }
        if (alerting.length == 0 && !flagged) {
            double[] m = RelationModel.grown(l.moments(), n);
            RelationModel.learn(m, deviations, Math.min(n, deviations.length));
            l = l.withMoments(m, l.weight() + 1);
        }
        boolean refitted = false;
        if (now - f.fittedAtMs() >= config.refitEvery().toMillis()
                && l.weight() >= Math.max(MIN_STEPS, STEPS_PER_MEMBER * n)) {
            double[] m = RelationModel.grown(l.moments(), n);
            f = f.refitted(RelationModel.fit(m, l.weight(), n, config.groupCorrelation()), now);
            RelationModel.decay(m);
            l = l.withMoments(m, l.weight() * RelationModel.DECAY);
            refitted = true;
        }
        return new Step(f, l, flagged, relation, refitted);
    }

    /** The deviations with the anomalous members' left out (absent). */
    private static double[] without(double[] deviations, int[] alerting) {
        if (alerting.length == 0) {
            return deviations;
        }
        double[] d = deviations.clone();
        for (int i : alerting) {
            d[i] = Double.NaN;
        }
        return d;
    }
}
