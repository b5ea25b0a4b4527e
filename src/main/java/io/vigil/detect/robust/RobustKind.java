package io.vigil.detect.robust;

import io.vigil.detect.DetectorKind;
import io.vigil.detect.SeriesDetector;

/** Creates and restores {@link RobustDetector}s (state {@link RobustState}, descriptor {@code detector-robust-v1}). */
public final class RobustKind implements DetectorKind<RobustState> {
    public static final String NAME = RobustModule.NAME;

    private final RobustConfig config;
    private final double threshold;

    public RobustKind(RobustConfig config, double threshold) {
        this.config = config;
        this.threshold = threshold;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean fallback() {
        return true;
    }

    @Override
    public String stateName() {
        return "detector-robust-v1";
    }

    @Override
    public Class<RobustState> stateClass() {
        return RobustState.class;
    }

    @Override
    public SeriesDetector<RobustState> create() {
        return new RobustDetector(config, threshold, new double[config.window()], 0, 0);
    }

    @Override
    public SeriesDetector<RobustState> restore(RobustState s) {
        if (s.version() != RobustState.VERSION) {
            throw new IllegalStateException("unknown robust detector state version " + s.version());
        }
        if (s.ring().length != config.window()) {
            // Window reconfigured: restart cold rather than mix windows; warm-up is short.
            return create();
        }
        return new RobustDetector(config, threshold, s.ring().clone(), s.head(), s.count());
    }
}
