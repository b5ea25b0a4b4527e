package io.vigil.detect.seasonal;

import io.vigil.config.ConfigReader;
import io.vigil.config.DetectConfig;
import io.vigil.detect.DetectorContext;
import io.vigil.detect.DetectorKind;
import io.vigil.detect.DetectorModule;
import io.vigil.model.Timestamps;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The seasonal forecaster as a module: keys {@code detect.seasonal.*} (its calendar file is read
 * here, with errors naming the file and line), kind {@link SeasonalKind}.
 */
public final class SeasonalModule implements DetectorModule<SeasonalConfig> {
    public static final String NAME = "seasonal";

    public static final ConfigOption<Boolean> ENABLED =
            ConfigOptions.key("detect.seasonal.enabled").booleanType().defaultValue(true)
                    .withDescription("Run the seasonal forecaster (trend + daily/weekly seasonality + calendar).");
    public static final ConfigOption<Integer> DAILY_ORDER =
            ConfigOptions.key("detect.seasonal.daily-order").intType().defaultValue(6)
                    .withDescription("Fourier harmonics of the daily cycle: 6 follows a business-hours curve "
                            + "with a lunch dip; higher orders chase noise.");
    public static final ConfigOption<Integer> WEEKLY_ORDER =
            ConfigOptions.key("detect.seasonal.weekly-order").intType().defaultValue(3)
                    .withDescription("Fourier harmonics of the weekly cycle (weekday/weekend); Prophet's default.");
    public static final ConfigOption<Integer> CHANGEPOINTS =
            ConfigOptions.key("detect.seasonal.changepoints").intType().defaultValue(15)
                    .withDescription("Candidate trend changepoints over the first 80% of the history; the "
                            + "sparsity prior keeps only the ones the data needs.");
    public static final ConfigOption<Double> CP_PRIOR =
            ConfigOptions.key("detect.seasonal.changepoint-prior").doubleType().defaultValue(0.05)
                    .withDescription("Laplace prior scale of slope changes (Prophet's changepoint_prior_scale): "
                            + "larger = a more flexible trend.");
    public static final ConfigOption<Double> PRIOR =
            ConfigOptions.key("detect.seasonal.seasonality-prior").doubleType().defaultValue(10.0)
                    .withDescription("Gaussian prior scale of seasonal and event effects (Prophet's default 10: "
                            + "barely regularised).");
    public static final ConfigOption<Double> WIDTH =
            ConfigOptions.key("detect.seasonal.interval-width").doubleType().defaultValue(0.99)
                    .withDescription("Share of normal points inside the band: 0.99 leaves 1 in 100 outside.");
    public static final ConfigOption<String> MODE =
            ConfigOptions.key("detect.seasonal.mode").stringType().defaultValue("additive")
                    .withDescription("additive, or multiplicative (seasonality scales with the level; fitted on "
                            + "log values, for positive series).");
    public static final ConfigOption<Double> SENSITIVITY =
            ConfigOptions.key("detect.seasonal.sensitivity").doubleType().defaultValue(2.0)
                    .withDescription("Distance from the forecast, in band half-widths, that scores 0.5: 2 means "
                            + "twice as far out as the band's edge.");
    public static final ConfigOption<Duration> MIN_HISTORY =
            ConfigOptions.key("detect.seasonal.min-history").durationType().defaultValue(Duration.ofDays(2))
                    .withDescription("History before the first fit: two days show a daily cycle twice.");
    public static final ConfigOption<Duration> REFIT =
            ConfigOptions.key("detect.seasonal.refit-every").durationType().defaultValue(Duration.ofDays(1))
                    .withDescription("Scheduled refit interval; residual drift triggers an earlier one.");
    public static final ConfigOption<Duration> HISTORY =
            ConfigOptions.key("detect.seasonal.history").durationType().defaultValue(Duration.ofDays(21))
                    .withDescription("History the stream keeps per series for refits (three weeks: weekly "
                            + "seasonality needs two).");
    public static final ConfigOption<Duration> BUCKET =
            ConfigOptions.key("detect.seasonal.bucket").durationType().defaultValue(Duration.ofHours(1))
                    .withDescription("Resolution of that history: hourly means keep 21 days in 2 KB per series.");
    public static final ConfigOption<String> CALENDAR =
            ConfigOptions.key("detect.seasonal.calendar").stringType().defaultValue("")
                    .withDescription("CSV of known events (name,start,end): holidays, maintenance windows. "
                            + "Each name gets its own effect.");

    /** This module's settings in {@code detect}. */
    public static SeasonalConfig settings(DetectConfig detect) {
        return detect.detector(NAME, SeasonalConfig.class);
    }

    public static final ConfigOption<Boolean> WEEKEND_EFFECT =
            ConfigOptions.key("detect.seasonal.weekend-effect").booleanType().defaultValue(true)
                    .withDescription("Fit a step for Saturday and Sunday (UTC) once the history holds a weekend, beside "
                            + "the weekly harmonics once those are fitted: a service quieter at the weekend is "
                            + "expected to be from its second weekend on, and its edges at midnight stay sharp "
                            + "(a few harmonics round a step into hours of misfit on either side).");

    public static final ConfigOption<Boolean> TRIM_BUCKETS =
            ConfigOptions.key("detect.seasonal.trim-buckets").booleanType().defaultValue(true)
                    .withDescription("A history bucket's mean leaves out its largest and smallest point (of three or "
                            + "more), so a lone spike, before any model could judge it, does not become part of "
                            + "the daily shape.");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<SeasonalConfig> settingsType() {
        return SeasonalConfig.class;
    }

    @Override
    public List<Class<?>> recordTypes() {
        return List.of(SeasonalState.class, SeasonalHistory.class);
    }

    @Override
    public List<ConfigOption<?>> options() {
        return List.of(ENABLED, DAILY_ORDER, WEEKLY_ORDER, CHANGEPOINTS, CP_PRIOR, PRIOR, WIDTH, MODE, SENSITIVITY,
                MIN_HISTORY, REFIT, HISTORY, BUCKET, CALENDAR, WEEKEND_EFFECT,
                TRIM_BUCKETS);
    }

    @Override
    public SeasonalConfig read(ConfigReader r) {
        String mode = r.get(MODE);
        r.check(mode.equals("additive") || mode.equals("multiplicative"), MODE, "must be additive or multiplicative");
        double width = r.get(WIDTH);
        r.check(width > 0.5 && width < 1, WIDTH, "must be in (0.5, 1)");
        double cp = r.get(CP_PRIOR);
        r.check(cp > 0, CP_PRIOR, "must be positive");
        double prior = r.get(PRIOR);
        r.check(prior > 0, PRIOR, "must be positive");
        double sensitivity = r.get(SENSITIVITY);
        r.check(sensitivity > 0, SENSITIVITY, "must be positive");
        Duration history = r.positive(HISTORY);
        Duration bucket = r.positive(BUCKET);
        r.check(history.toMillis() / bucket.toMillis() <= 5000, HISTORY,
                "holds more than 5000 buckets of detect.seasonal.bucket; use a coarser bucket");
        Duration minHistory = r.positive(MIN_HISTORY);
        r.check(minHistory.compareTo(history) <= 0, MIN_HISTORY,
                "must not exceed detect.seasonal.history (" + history + ")");
        return new SeasonalConfig(r.get(ENABLED), r.between(DAILY_ORDER, 0, 12), r.between(WEEKLY_ORDER, 0, 6),
                r.between(CHANGEPOINTS, 0, 50), cp, prior, width, mode.equals("multiplicative"), sensitivity,
                minHistory, r.positive(REFIT), history, bucket, calendar(r), r.get(WEEKEND_EFFECT),
                r.get(TRIM_BUCKETS));
    }

    /** Reads the calendar CSV ({@code name,start,end}); errors name the file and line. */
    private static List<CalendarEvent> calendar(ConfigReader r) {
        String file = r.get(CALENDAR);
        if (file.isBlank()) {
            return List.of();
        }
        Path path = Path.of(file);
        List<String> lines;
        try {
            lines = Files.readAllLines(path);
        } catch (IOException e) {
            throw r.bad(CALENDAR, "cannot read " + path + ": " + e.getMessage());
        }
        List<CalendarEvent> events = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(",");
            try {
                if (f.length < 3) {
                    throw new IllegalArgumentException("expected name,start,end");
                }
                events.add(new CalendarEvent(f[0].trim(), Timestamps.parse(f[1]), Timestamps.parse(f[2])));
            } catch (IllegalArgumentException e) {
                throw r.bad(CALENDAR, path + ":" + (i + 1) + ": " + e.getMessage());
            }
        }
        return List.copyOf(events);
    }

    @Override
    public DetectorKind<?> kind(SeasonalConfig settings, DetectorContext context) {
        return new SeasonalKind(settings);
    }
}
