package io.vigil.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads and validates option values for one configuration source. Every error names the source,
 * the key and the bad value, so each section's reader says only what is wrong, never where.
 */
public final class ConfigReader {
    private final String source;
    private final Map<String, String> flat;
    private final Configuration conf;

    ConfigReader(String source, Map<String, String> flat, Configuration conf) {
        this.source = source;
        this.flat = flat;
        this.conf = conf;
    }

    /** A reader over plain {@code key=value} pairs (tests, and sections read on their own). */
    public static ConfigReader of(String source, Map<String, String> values) {
        return new ConfigReader(source, values, Configuration.fromMap(values));
    }

    /** The raw keys and values as given (for pass-through prefixes such as Kafka client properties). */
    public Map<String, String> raw() {
        return flat;
    }

    public <T> T get(ConfigOption<T> option) {
        try {
            return conf.get(option);
        } catch (IllegalArgumentException e) {
            throw bad(option, "cannot be parsed (" + rootMessage(e) + ")");
        }
    }

    /** Whether the source sets {@code option} itself (not its default). */
    public boolean isSet(ConfigOption<?> option) {
        return flat.containsKey(option.key());
    }

    public ConfigException bad(ConfigOption<?> option, String why) {
        String value = flat.getOrDefault(option.key(), String.valueOf(option.defaultValue()));
        return new ConfigException(source + ": key '" + option.key() + "' = '" + value + "' " + why);
    }

    public void check(boolean ok, ConfigOption<?> option, String why) {
        if (!ok) {
            throw bad(option, why);
        }
    }

    /** The option's text turned into a value by {@code parser}; its IllegalArgumentException names the key. */
    public <T> T parse(ConfigOption<String> option, Function<String, T> parser) {
        String raw = get(option);
        try {
            return parser.apply(raw);
        } catch (IllegalArgumentException e) {
            throw bad(option, "is not valid: " + e.getMessage());
        }
    }

    public Duration positive(ConfigOption<Duration> option) {
        Duration d = get(option);
        check(!d.isNegative() && !d.isZero(), option, "must be a positive duration");
        return d;
    }

    public Duration nonNegative(ConfigOption<Duration> option) {
        Duration d = get(option);
        check(!d.isNegative(), option, "must not be negative");
        return d;
    }

    public double between(ConfigOption<Double> option, double lo, double hi) {
        double v = get(option);
        check(v >= lo && v <= hi, option, "must be between " + lo + " and " + hi);
        return v;
    }

    public int between(ConfigOption<Integer> option, int lo, int hi) {
        int v = get(option);
        check(v >= lo && v <= hi, option, "must be between " + lo + " and " + hi);
        return v;
    }

    public int atLeast(ConfigOption<Integer> option, int min) {
        int v = get(option);
        check(v >= min, option, "must be at least " + min);
        return v;
    }

    /** A non-empty list of step counts, each in 1..10000. */
    public List<Integer> steps(ConfigOption<List<Integer>> option) {
        List<Integer> list = get(option);
        check(!list.isEmpty(), option, "must list at least one number of steps");
        for (int v : list) {
            check(v >= 1 && v <= 10_000, option, "must hold steps between 1 and 10000");
        }
        return List.copyOf(list);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
