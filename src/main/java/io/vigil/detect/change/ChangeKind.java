package io.vigil.detect.change;

import io.vigil.config.DetectConfig.CalibrationConfig;
import io.vigil.detect.DetectorKind;
import io.vigil.detect.SeriesDetector;
import io.vigil.detect.calibrate.TailCalibrator;

/** Creates and restores {@link ChangeDetector}s (state {@link ChangeState}, descriptor {@code detector-change-v1}). */
public final class ChangeKind implements DetectorKind<ChangeState> {
    public static final String NAME = ChangeModule.NAME;

    private final ChangeConfig config;
    private final double scoreZ;
    private final double offset;

    /**
     * {@code calibration}: the calibrators' prior says P(deviation ≥ u + y) = q·e^(−y) (rate q at
     * their threshold u, exponential excess, see {@link #priorTailShape}); reporting a statistic s as
     * s + u + ln(q / 3) makes that exactly the bound 3e^(−s).
     */
    ChangeKind(ChangeConfig config, CalibrationConfig calibration) {
        this.config = config;
        TailCalibrator.Settings prior = TailCalibrator.Settings.of(calibration, priorTailShape());
        this.offset = prior.u() + Math.log(prior.priorRate() / ChangeDetector.LOOKS);
        this.scoreZ = ChangeModule.SCORE_S + offset;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean onResiduals() {
        return true;
    }

    /** Its statistic's tail is exponential by construction (Wald), in the deviation's units lighter still. */
    @Override
    public double priorTailShape() {
        return 0;
    }

    @Override
    public String stateName() {
        return "detector-change-v1";
    }

    @Override
    public Class<ChangeState> stateClass() {
        return ChangeState.class;
    }

    @Override
    public SeriesDetector<ChangeState> create() {
        return new ChangeDetector(config, scoreZ, offset, ChangeState.EMPTY);
    }

    @Override
    public SeriesDetector<ChangeState> restore(ChangeState s) {
        if (s.version() != 1 && s.version() != ChangeState.VERSION) {
            throw new IllegalStateException("unknown change detector state version " + s.version());
        }
        return new ChangeDetector(config, scoreZ, offset, s.upgraded());
    }
}
