package io.vigil.detect.change;

import io.vigil.config.ConfigReader;
import io.vigil.config.DetectConfig;
import io.vigil.detect.DetectorContext;
import io.vigil.detect.DetectorKind;
import io.vigil.detect.DetectorModule;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.time.Duration;
import java.util.List;

/** The sequential change detector as a module: keys {@code detect.change.*}, kind {@link ChangeKind}. */
public final class ChangeModule implements DetectorModule<ChangeConfig> {
    public static final String NAME = "change";
    /** Uncalibrated scores: the statistic that scores 0.5 (3e^(−12.6) ≈ 10⁻⁵ under the bound). */
    static final double SCORE_S = 12.6;

    public static final ConfigOption<Boolean> ENABLED =
            ConfigOptions.key("detect.change.enabled").booleanType().defaultValue(true)
                    .withDescription("Run the sequential change detector (CUSUMs on the primary model's residuals): "
                            + "level shifts, dips over several points and bursts of noise are found by the evidence "
                            + "they accumulate, not point by point.");
    public static final ConfigOption<Double> SHIFT =
            ConfigOptions.key("detect.change.shift").doubleType().defaultValue(2.0)
                    .withDescription("The lasting mean shift (in the model's σ) the detector is tuned for: shifts "
                            + "of this size are found within a few points, larger ones sooner, smaller ones later.");
    public static final ConfigOption<Double> SPREAD =
            ConfigOptions.key("detect.change.spread").doubleType().defaultValue(2.5)
                    .withDescription("The lasting rise of the noise's spread (a ratio of σ) the detector is tuned for.");
    public static final ConfigOption<Duration> REBASELINE =
            ConfigOptions.key("detect.change.rebaseline").durationType().defaultValue(Duration.ofHours(3))
                    .withDescription("How long a change may stay in progress before it is the series' new normal: "
                            + "the statistics restart and the detector learns the new regime's noise before it "
                            + "judges again, so a lasting change is one alarm, never one that lasts for good.");

    public static ChangeConfig settings(DetectConfig detect) {
        return detect.detector(NAME, ChangeConfig.class);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<ChangeConfig> settingsType() {
        return ChangeConfig.class;
    }

    @Override
    public List<Class<?>> recordTypes() {
        return List.of(ChangeState.class);
    }

    @Override
    public List<ConfigOption<?>> options() {
        return List.of(ENABLED, SHIFT, SPREAD, REBASELINE);
    }

    @Override
    public ChangeConfig read(ConfigReader r) {
        double shift = r.get(SHIFT);
        r.check(shift >= 0.5 && shift <= 8, SHIFT, "must be in [0.5, 8]");
        double spread = r.get(SPREAD);
        r.check(spread > 1.2 && spread <= 10, SPREAD, "must be in (1.2, 10]");
        return new ChangeConfig(r.get(ENABLED), shift, spread, r.positive(REBASELINE).toMillis());
    }

    @Override
    public DetectorKind<?> kind(ChangeConfig settings, DetectorContext context) {
        return new ChangeKind(settings, context.detect().calibration());
    }
}
