package io.vigil.detect.seasonal;

import io.vigil.detect.calibrate.NormalQuantile;
import io.vigil.detect.DetectorKind;
import io.vigil.detect.SeriesDetector;
import io.vigil.detect.StateSplit;

/**
 * Creates and restores {@link SeasonalDetector}s (state {@link SeasonalState}, descriptor
 * {@code detector-seasonal-v1}); the mapper between the state record and the live model.
 */
public final class SeasonalKind implements DetectorKind<SeasonalState> {
    public static final String NAME = SeasonalModule.NAME;

    private final SeasonalConfig config;
    private final double z;

    public SeasonalKind(SeasonalConfig config) {
        this.config = config;
        this.z = NormalQuantile.of(1 - (1 - this.config.intervalWidth()) / 2);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String stateName() {
        return "detector-seasonal-v1";
    }

    @Override
    public Class<SeasonalState> stateClass() {
        return SeasonalState.class;
    }

    @Override
    public StateSplit<SeasonalState> split() {
        return new SeasonalStateSplit(config);
    }

    @Override
    public SeriesDetector<SeasonalState> create() {
        return restore(SeasonalDetector.empty(config));
    }

    @Override
    public SeriesDetector<SeasonalState> restore(SeasonalState saved) {
        SeasonalState s = saved.upgraded();
        if (s.version() != SeasonalState.VERSION) {
            throw new IllegalStateException("unknown seasonal detector state version " + s.version());
        }
        if (s.bucketMeans() != null
                && s.bucketMeans().length != config.history().toMillis() / config.bucket().toMillis()) {
            // History length or bucket reconfigured: start over (the robust detector covers meanwhile).
            return new SeasonalDetector(config, new SeasonalFitter(config), z, SeasonalDetector.empty(config));
        }
        return new SeasonalDetector(config, new SeasonalFitter(config), z, s);
    }
}
