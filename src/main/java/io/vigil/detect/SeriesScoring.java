package io.vigil.detect;

import io.vigil.config.ControlSettings;
import io.vigil.config.DetectConfig;
import io.vigil.detect.calibrate.CalibrationState;
import io.vigil.detect.calibrate.TailCalibrator;
import io.vigil.detect.control.GateState;
import io.vigil.detect.control.PointGate;
import io.vigil.model.FeatureVector;

import java.io.Serializable;
import java.util.List;

/**
 * One point through one series' detectors, calibrators and alert gate: score with every detector,
 * calibrate, combine, decide, then learn (unless a freeze window says not to). Plain logic: the
 * Flink operator ({@link ScorePoints}) restores the pieces from keyed state around each call, the
 * evaluation driver keeps them in memory; both decide identically.
 */
public final class SeriesScoring implements Serializable {
    private final DetectConfig config;
    private final long gridStepMs;
    /** The budget's tail for the last interval seen (series share intervals, so this rarely changes). */
    private transient long budgetIntervalMs;
    private transient double halfSurprise;
    /** Points at least this rare are anomalies the calibrators learn only clipped. */
    private transient double alarmP;
    private final TailCalibrator.Settings[] calibration;
    private final String[] names;
    private final boolean[] fallback;
    private final boolean[] silences;
    private final boolean[] onResiduals;

    /** The outcome for one point. */
    public record Result(CombinedScore combined, boolean anomalous, double onsetScore, GateState gate) {}

    /**
     * {@code stepMs}: the grid step. The daily false-alarm budget becomes a tail probability at each
     * series' own sampling interval (the point's), so a 5-minute series is not judged five times as
     * strictly as a 1-minute one; a point of unknown interval is taken to be one step.
     */
    public SeriesScoring(DetectConfig config, List<DetectorKind<?>> kinds, long stepMs) {
        this.config = config;
        this.gridStepMs = stepMs;
        this.calibration = new TailCalibrator.Settings[kinds.size()];
        this.names = kinds.stream().map(DetectorKind::name).toArray(String[]::new);
        this.fallback = new boolean[kinds.size()];
        this.silences = new boolean[kinds.size()];
        this.onResiduals = new boolean[kinds.size()];
        for (int i = 0; i < kinds.size(); i++) {
            fallback[i] = kinds.get(i).fallback();
            TailCalibrator.Settings s = TailCalibrator.Settings.of(config.calibration(), kinds.get(i).priorTailShape());
            calibration[i] = fallback[i] ? s.coldStart() : s;
            onResiduals[i] = kinds.get(i).onResiduals();
            silences[i] = kinds.get(i).replacesColdStart() && !onResiduals[i];
        }
    }

    private void budgetFor(long intervalMs) {
        if (intervalMs != budgetIntervalMs) {
            budgetIntervalMs = intervalMs;
            halfSurprise = config.calibration().halfSurprise(intervalMs);
            alarmP = TailCalibrator.probabilityAt(config.calibration().excludeAbove(), halfSurprise);
        }
    }

    /** A calibrator for one series and detector (the i-th kind), from its saved state. */
    public TailCalibrator calibrator(int kind, CalibrationState state) {
        return new TailCalibrator(calibration[kind], state);
    }

    public Result next(FeatureVector p, SeriesDetector<?>[] detectors, TailCalibrator[] calibrators,
            ControlSettings controls, GateState gate, boolean muted, boolean frozen) {
        budgetFor(p.intervalMs() > 0 ? p.intervalMs() : gridStepMs);
        DetectorScore[] verdicts = new DetectorScore[detectors.length];
        for (int i = 0; i < detectors.length; i++) {
            if (!onResiduals[i]) {
                verdicts[i] = detectors[i].score(p);
            }
        }
        // Detectors of evidence over time read the residual of this point against a model of the
        // series' shape; a cold-start detector's rolling median lags every daily curve, and evidence
        // accumulated against it would be the curve itself.
        int primary = CombinedScore.primary(fallback, silences, verdicts);
        Residual residual = primary < 0 || fallback[primary] ? null : Residual.of(primary, verdicts[primary]);
        for (int i = 0; i < detectors.length; i++) {
            if (onResiduals[i]) {
                verdicts[i] = detectors[i].score(p, residual);
            }
        }
        boolean calibrated = config.calibration().enabled();
        double[] tail = null;
        if (calibrated) {
            tail = new double[detectors.length];
            for (int i = 0; i < detectors.length; i++) {
                tail[i] = verdicts[i].warm() ? calibrators[i].tailProbability(verdicts[i].deviation()) : 1;
            }
        }
        CombinedScore c = CombinedScore.of(names, fallback, silences, verdicts, tail, halfSurprise);
        PointGate.Decision d = PointGate.decide(controls, gate, c, p.value(), p.filled(), muted, p.timestampMs());
        if (!frozen) {
            for (int i = 0; i < detectors.length; i++) {
                if (onResiduals[i]) {
                    detectors[i].learn(p, residual);
                } else {
                    detectors[i].learn(p);
                }
                if (calibrated && verdicts[i].warm() && !p.filled()) {
                    calibrators[i].learn(verdicts[i].deviation(), alarmP);
                }
            }
        }
        return new Result(c, d.anomalous(), d.onsetScore(), d.state());
    }
}
