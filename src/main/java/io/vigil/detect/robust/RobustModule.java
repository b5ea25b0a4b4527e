package io.vigil.detect.robust;

import io.vigil.config.ConfigReader;
import io.vigil.config.DetectConfig;
import io.vigil.detect.DetectorContext;
import io.vigil.detect.DetectorKind;
import io.vigil.detect.DetectorModule;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.util.List;

/** The rolling median/MAD detector as a module: keys {@code detect.robust.*}, kind {@link RobustKind}. */
public final class RobustModule implements DetectorModule<RobustConfig> {
    public static final String NAME = "robust";

    public static final ConfigOption<Boolean> ENABLED =
            ConfigOptions.key("detect.robust.enabled").booleanType().defaultValue(true)
                    .withDescription("Run the rolling median/MAD detector (cold-start cover for the models).");
    public static final ConfigOption<Integer> WINDOW =
            ConfigOptions.key("detect.robust.window").intType().defaultValue(60)
                    .withDescription("Steps of history for the rolling median/MAD (1 h at 1 m): long enough "
                            + "for a stable MAD, short enough to follow daily seasonality.");
    public static final ConfigOption<Integer> WARMUP =
            ConfigOptions.key("detect.robust.warmup").intType().defaultValue(30)
                    .withDescription("Steps before the robust detector scores (it reports 0 until then).");
    public static final ConfigOption<Double> Z =
            ConfigOptions.key("detect.robust.sensitivity-z").doubleType().defaultValue(6.0)
                    .withDescription("Robust z-score that maps to score 0.5. MAD-based z of Gaussian noise "
                            + "exceeds 6 about once in 500 million points; real metrics are heavier-tailed.");
    public static final ConfigOption<Double> MIN_REL_SCALE =
            ConfigOptions.key("detect.robust.min-relative-scale").doubleType().defaultValue(0.02)
                    .withDescription("Floor of the noise scale as a fraction of |median|, so a flat series "
                            + "does not alert on a 0.1% wiggle.");

    /** This module's settings in {@code detect}. */
    public static RobustConfig settings(DetectConfig detect) {
        return detect.detector(NAME, RobustConfig.class);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<RobustConfig> settingsType() {
        return RobustConfig.class;
    }

    @Override
    public List<Class<?>> recordTypes() {
        return List.of(RobustState.class);
    }

    @Override
    public List<ConfigOption<?>> options() {
        return List.of(ENABLED, WINDOW, WARMUP, Z, MIN_REL_SCALE);
    }

    @Override
    public RobustConfig read(ConfigReader r) {
        int window = r.atLeast(WINDOW, 5);
        int warmup = r.atLeast(WARMUP, 5);
        r.check(warmup <= window, WARMUP, "must not exceed detect.robust.window (" + window + ")");
        double z = r.get(Z);
        r.check(z > 0, Z, "must be positive");
        return new RobustConfig(r.get(ENABLED), window, warmup, z, r.between(MIN_REL_SCALE, 0.0, 1.0));
    }

    @Override
    public DetectorKind<?> kind(RobustConfig settings, DetectorContext context) {
        return new RobustKind(settings, context.detect().threshold());
    }
}
