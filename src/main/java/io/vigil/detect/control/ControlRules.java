package io.vigil.detect.control;

import io.vigil.config.ConfigException;
import io.vigil.config.ControlSettings;
import io.vigil.config.DetectConfig;
import io.vigil.config.VigilOptions;
import io.vigil.model.SeriesSelector;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The fleet-wide controls and the rules that change them for the series a selector names, plus
 * maintenance windows and holidays scoped the same way. Rules apply in file order, each setting
 * only the fields it names, so a later, narrower rule refines an earlier, broader one.
 */
public record ControlRules(ControlSettings defaults, List<Rule> rules, List<Window> windows) implements Serializable {

    /** Overrides for matching series; null fields keep what earlier rules or the defaults set. */
    public record Rule(SeriesSelector selector, Integer persistence, Integer window, Double openThreshold,
            Double closeThreshold, Double minDeviation, Double minRelativeDeviation,
            ControlSettings.Direction direction, Long refractoryMs) implements Serializable {}

    /**
     * A calendar window for matching series. {@code mute}: results in it are not anomalies (the
     * models keep learning); {@code freeze}: the models do not learn from it (results still count).
     */
    public record Window(String name, SeriesSelector selector, long startMs, long endMs, boolean mute, boolean freeze)
            implements Serializable {
        public boolean covers(long tMs) {
            return tMs >= startMs && tMs < endMs;
        }
    }

    public static ControlRules of(ControlSettings defaults) {
        return new ControlRules(defaults, List.of(), List.of());
    }

    /** The defaults refined by the rules file, if one is configured; errors name the key and the file. */
    public static ControlRules load(DetectConfig.ControlConfig config) {
        if (config.rulesFile().isBlank()) {
            return of(config.defaults());
        }
        try {
            return ControlRulesFile.read(Path.of(config.rulesFile()), config.defaults());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("key '" + VigilOptions.CONTROLS_RULES.key() + "' = '" + config.rulesFile()
                    + "': " + e.getMessage(), e);
        }
    }

    /** The settings for one series. */
    public ControlSettings settingsFor(String metric, Map<String, String> labels) {
        if (rules.isEmpty()) {
            return defaults;
        }
        ControlSettings s = defaults;
        for (Rule r : rules) {
            if (r.selector().matches(metric, labels)) {
                s = new ControlSettings(
                        r.persistence() != null ? r.persistence() : s.persistence(),
                        r.window() != null ? r.window() : s.window(),
                        r.openThreshold() != null ? r.openThreshold() : s.openThreshold(),
                        r.closeThreshold() != null ? r.closeThreshold()
                                : Math.min(s.closeThreshold(), r.openThreshold() != null ? r.openThreshold() : 1),
                        r.minDeviation() != null ? r.minDeviation() : s.minDeviation(),
                        r.minRelativeDeviation() != null ? r.minRelativeDeviation() : s.minRelativeDeviation(),
                        r.direction() != null ? r.direction() : s.direction(),
                        r.refractoryMs() != null ? r.refractoryMs() : s.refractoryMs());
            }
        }
        return s;
    }

    /** {mute, freeze} for a series at a time. */
    public boolean[] windowAt(String metric, Map<String, String> labels, long tMs) {
        boolean mute = false;
        boolean freeze = false;
        for (Window w : windows) {
            if (w.covers(tMs) && w.selector().matches(metric, labels)) {
                mute |= w.mute();
                freeze |= w.freeze();
            }
        }
        return new boolean[] {mute, freeze};
    }
}
