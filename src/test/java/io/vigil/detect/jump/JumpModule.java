package io.vigil.detect.jump;

import io.vigil.config.ConfigReader;
import io.vigil.detect.DetectorContext;
import io.vigil.detect.DetectorKind;
import io.vigil.detect.DetectorModule;
import io.vigil.detect.SeriesDetector;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.util.List;

/**
 * A detector that exists only in the tests, to show that a module plugs in with nothing edited
 * elsewhere: this package and {@code DetectorModules.standard().with(new JumpModule())}.
 */
public final class JumpModule implements DetectorModule<JumpConfig> {
    public static final String NAME = "jump";
    public static final ConfigOption<Boolean> ENABLED = ConfigOptions.key("detect.jump.enabled").booleanType()
            .defaultValue(true).withDescription("Score each point's jump from the previous one.");
    public static final ConfigOption<Double> SENSITIVITY = ConfigOptions.key("detect.jump.sensitivity").doubleType()
            .defaultValue(8.0).withDescription("Jump, in mean jumps, that scores 0.5.");
    public static final ConfigOption<Integer> WARMUP = ConfigOptions.key("detect.jump.warmup").intType()
            .defaultValue(20).withDescription("Changes seen before the detector scores.");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<JumpConfig> settingsType() {
        return JumpConfig.class;
    }

    @Override
    public List<ConfigOption<?>> options() {
        return List.of(ENABLED, SENSITIVITY, WARMUP);
    }

    @Override
    public JumpConfig read(ConfigReader r) {
        double k = r.get(SENSITIVITY);
        r.check(k > 0, SENSITIVITY, "must be positive");
        return new JumpConfig(r.get(ENABLED), k, r.atLeast(WARMUP, 2));
    }

    @Override
    public List<Class<?>> recordTypes() {
        return List.of(JumpState.class);
    }

    @Override
    public DetectorKind<?> kind(JumpConfig settings, DetectorContext context) {
        return new Kind(settings);
    }

    /** The detector bound to its settings; state {@code detector-jump-v1}. */
    static final class Kind implements DetectorKind<JumpState> {
        private final JumpConfig config;

        Kind(JumpConfig config) {
            this.config = config;
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String stateName() {
            return "detector-jump-v1";
        }

        @Override
        public Class<JumpState> stateClass() {
            return JumpState.class;
        }

        @Override
        public SeriesDetector<JumpState> create() {
            return new JumpDetector(config, new JumpState(JumpState.VERSION, Double.NaN, 0, 0));
        }

        @Override
        public SeriesDetector<JumpState> restore(JumpState s) {
            if (s.version() != JumpState.VERSION) {
                throw new IllegalStateException("unknown jump detector state version " + s.version());
            }
            return new JumpDetector(config, s);
        }
    }
}
