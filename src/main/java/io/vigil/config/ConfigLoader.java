package io.vigil.config;

import io.vigil.correlate.ServiceGraph;
import io.vigil.correlate.ServiceGraphFile;
import io.vigil.model.InputFormat;
import io.vigil.model.Severity;
import io.vigil.model.Timestamps;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads {@code vigil.yaml} once, flattens nested maps to the dotted keys of {@link VigilOptions},
 * rejects unknown keys (typos would otherwise silently fall back to defaults) and validates every
 * value. Every error names the source, the key and the bad value.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final String source;
    private final Map<String, String> flat;

    private ConfigLoader(String source, Map<String, String> flat) {
        this.source = source;
        this.flat = flat;
    }

    /** All defaults: what a first run gets with no file. */
    public static VigilConfig defaults() {
        return new ConfigLoader("defaults", Map.of()).build();
    }

    /** Loads a file (or the defaults when {@code file} is null) with {@code key=value} overrides on top. */
    public static VigilConfig load(Path file, Map<String, String> overrides) {
        Map<String, String> flat = new LinkedHashMap<>();
        String source = "defaults";
        if (file != null) {
            source = file.toString();
            flat.putAll(readYaml(file));
        }
        if (!overrides.isEmpty()) {
            source = source + " + overrides";
            flat.putAll(overrides);
        }
        return new ConfigLoader(source, flat).build();
    }

    static Map<String, String> readYaml(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist");
        } catch (JacksonException e) {
            throw new ConfigException("config file " + file + " is not valid YAML: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> flat = new LinkedHashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return flat;
        }
        if (!root.isObject()) {
            throw new ConfigException("config file " + file + " must be a YAML mapping of keys");
        }
        flatten("", root, flat, file);
        return flat;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out, Path file) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            var e = fields.next();
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                flatten(key, v, out, file);
            } else if (v.isArray()) {
                List<String> items = new ArrayList<>();
                for (JsonNode item : v) {
                    if (item.isContainerNode()) {
                        throw new ConfigException(file + ": key '" + key + "' must be a list of plain values");
                    }
                    items.add(item.asText());
                }
                // Flink's list options are ';'-separated.
                out.put(key, String.join(";", items));
            } else if (!v.isNull()) {
                out.put(key, v.asText());
            }
        }
    }

    private VigilConfig build() {
        rejectUnknownKeys();
        Configuration conf = Configuration.fromMap(withoutPassThrough());
        return new VigilConfig(kafka(conf), ingest(conf), features(conf), detect(conf),
                correlate(conf), alert(conf), job(conf), bridge(conf));
    }

    private void rejectUnknownKeys() {
        Set<String> known = new TreeSet<>();
        for (ConfigOption<?> o : VigilOptions.ALL) {
            known.add(o.key());
        }
        for (String key : flat.keySet()) {
            if (!known.contains(key) && !key.startsWith(VigilOptions.KAFKA_PROPERTIES_PREFIX)) {
                throw new ConfigException(source + ": unknown key '" + key + "'" + suggestion(key, known));
            }
        }
    }

    private static String suggestion(String key, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = editDistance(key, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return bestDistance <= 3 ? " (did you mean '" + best + "'?)" : "";
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private Map<String, String> withoutPassThrough() {
        Map<String, String> m = new LinkedHashMap<>(flat);
        m.keySet().removeIf(k -> k.startsWith(VigilOptions.KAFKA_PROPERTIES_PREFIX));
        return m;
    }

    private <T> T get(Configuration conf, ConfigOption<T> option) {
        try {
            return conf.get(option);
        } catch (IllegalArgumentException e) {
            throw bad(option, "cannot be parsed (" + rootMessage(e) + ")");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private ConfigException bad(ConfigOption<?> option, String why) {
        String value = flat.getOrDefault(option.key(), String.valueOf(option.defaultValue()));
        return new ConfigException(source + ": key '" + option.key() + "' = '" + value + "' " + why);
    }

    private <T> T parse(Configuration conf, ConfigOption<String> option, Function<String, T> parser) {
        String raw = get(conf, option);
        try {
            return parser.apply(raw);
        } catch (IllegalArgumentException e) {
            throw bad(option, "is not valid: " + e.getMessage());
        }
    }

    private void check(boolean ok, ConfigOption<?> option, String why) {
        if (!ok) {
            throw bad(option, why);
        }
    }

    private Duration positive(Configuration conf, ConfigOption<Duration> option) {
        Duration d = get(conf, option);
        check(!d.isNegative() && !d.isZero(), option, "must be a positive duration");
        return d;
    }

    private double between(Configuration conf, ConfigOption<Double> option, double lo, double hi) {
        double v = get(conf, option);
        check(v >= lo && v <= hi, option, "must be between " + lo + " and " + hi);
        return v;
    }

    private int atLeast(Configuration conf, ConfigOption<Integer> option, int min) {
        int v = get(conf, option);
        check(v >= min, option, "must be at least " + min);
        return v;
    }

    private int[] positiveInts(Configuration conf, ConfigOption<List<Integer>> option) {
        List<Integer> list = get(conf, option);
        check(!list.isEmpty(), option, "must list at least one number of steps");
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            check(list.get(i) >= 1 && list.get(i) <= 10_000, option, "must hold steps between 1 and 10000");
            out[i] = list.get(i);
        }
        return out;
    }

    private KafkaConfig kafka(Configuration conf) {
        String offsets = get(conf, VigilOptions.KAFKA_STARTING_OFFSETS);
        check(Set.of("committed", "earliest", "latest").contains(offsets), VigilOptions.KAFKA_STARTING_OFFSETS,
                "must be committed, earliest or latest");
        String delivery = get(conf, VigilOptions.KAFKA_DELIVERY);
        check(Set.of("exactly-once", "at-least-once").contains(delivery), VigilOptions.KAFKA_DELIVERY,
                "must be exactly-once or at-least-once");
        List<String> topics = get(conf, VigilOptions.TOPIC_METRICS);
        check(!topics.isEmpty(), VigilOptions.TOPIC_METRICS, "must name at least one topic");
        Map<String, String> props = new TreeMap<>();
        flat.forEach((k, v) -> {
            if (k.startsWith(VigilOptions.KAFKA_PROPERTIES_PREFIX)) {
                props.put(k.substring(VigilOptions.KAFKA_PROPERTIES_PREFIX.length()), v);
            }
        });
        return new KafkaConfig(get(conf, VigilOptions.KAFKA_BOOTSTRAP), get(conf, VigilOptions.KAFKA_GROUP),
                offsets, List.copyOf(topics), get(conf, VigilOptions.TOPIC_ANOMALIES),
                get(conf, VigilOptions.TOPIC_INCIDENTS), get(conf, VigilOptions.TOPIC_ALERTS),
                get(conf, VigilOptions.TOPIC_DEADLETTER), get(conf, VigilOptions.TOPIC_CHANGES),
                delivery.equals("exactly-once"),
                get(conf, VigilOptions.KAFKA_TXN_PREFIX), positive(conf, VigilOptions.KAFKA_TXN_TIMEOUT),
                Map.copyOf(props));
    }

    private IngestConfig ingest(Configuration conf) {
        InputFormat format = parse(conf, VigilOptions.INGEST_FORMAT, InputFormat::fromConfigName);
        Duration ooo = get(conf, VigilOptions.INGEST_OUT_OF_ORDERNESS);
        check(!ooo.isNegative(), VigilOptions.INGEST_OUT_OF_ORDERNESS, "must not be negative");
        return new IngestConfig(format, ooo, positive(conf, VigilOptions.INGEST_IDLENESS), List.of());
    }

    private FeatureConfig features(Configuration conf) {
        Duration step = positive(conf, VigilOptions.FEATURES_STEP);
        check(step.toMillis() >= 1000, VigilOptions.FEATURES_STEP, "must be at least 1s");
        Duration maxGap = get(conf, VigilOptions.FEATURES_MAX_GAP);
        check(!maxGap.isNegative(), VigilOptions.FEATURES_MAX_GAP, "must not be negative");
        Duration expiry = positive(conf, VigilOptions.FEATURES_SERIES_EXPIRY);
        check(expiry.compareTo(maxGap) > 0 && expiry.compareTo(step) > 0, VigilOptions.FEATURES_SERIES_EXPIRY,
                "must be longer than features.step and features.max-gap");
        double alpha = get(conf, VigilOptions.FEATURES_EWMA_ALPHA);
        check(alpha > 0 && alpha <= 1, VigilOptions.FEATURES_EWMA_ALPHA, "must be in (0, 1]");
        return new FeatureConfig(step, parse(conf, VigilOptions.FEATURES_FILL, FillMethod::parse), maxGap,
                positiveInts(conf, VigilOptions.FEATURES_WINDOWS), positiveInts(conf, VigilOptions.FEATURES_LAGS),
                alpha, expiry, List.copyOf(get(conf, VigilOptions.FEATURES_COUNTER_SUFFIXES)));
    }

    private DetectConfig detect(Configuration conf) {
        double threshold = get(conf, VigilOptions.DETECT_THRESHOLD);
        check(threshold > 0 && threshold < 1, VigilOptions.DETECT_THRESHOLD, "must be in (0, 1)");
        int window = atLeast(conf, VigilOptions.ROBUST_WINDOW, 5);
        int warmup = atLeast(conf, VigilOptions.ROBUST_WARMUP, 5);
        check(warmup <= window, VigilOptions.ROBUST_WARMUP, "must not exceed detect.robust.window (" + window + ")");
        double z = get(conf, VigilOptions.ROBUST_Z);
        check(z > 0, VigilOptions.ROBUST_Z, "must be positive");
        return new DetectConfig(threshold, new DetectConfig.RobustConfig(get(conf, VigilOptions.ROBUST_ENABLED),
                window, warmup, z, between(conf, VigilOptions.ROBUST_MIN_REL_SCALE, 0.0, 1.0)), seasonal(conf),
                calibration(conf), controls(conf, threshold), iforest(conf));
    }

    private DetectConfig.IsolationConfig iforest(Configuration conf) {
        int sample = atLeast(conf, VigilOptions.IFOREST_SAMPLE_SIZE, 64);
        check(sample <= 100_000, VigilOptions.IFOREST_SAMPLE_SIZE, "must be at most 100000");
        int minRows = atLeast(conf, VigilOptions.IFOREST_MIN_ROWS, 64);
        check(minRows <= sample, VigilOptions.IFOREST_MIN_ROWS, "must not exceed detect.iforest.sample-size (" + sample + ")");
        return new DetectConfig.IsolationConfig(get(conf, VigilOptions.IFOREST_MODELS),
                get(conf, VigilOptions.IFOREST_ENTITY_LABEL), positive(conf, VigilOptions.IFOREST_RELOAD),
                get(conf, VigilOptions.IFOREST_FAMILIES), get(conf, VigilOptions.IFOREST_FAMILY_LABEL), sample, minRows,
                positive(conf, VigilOptions.IFOREST_REFIT_EVERY),
                between(conf, VigilOptions.IFOREST_CONTAMINATION, 0.0001, 0.2));
    }

    private DetectConfig.CalibrationConfig calibration(Configuration conf) {
        double tail = get(conf, VigilOptions.CALIBRATION_TAIL);
        check(tail >= 1 && tail <= 10, VigilOptions.CALIBRATION_TAIL, "must be between 1 and 10");
        double prior = get(conf, VigilOptions.CALIBRATION_PRIOR);
        check(prior > 0, VigilOptions.CALIBRATION_PRIOR, "must be positive");
        double halfLife = get(conf, VigilOptions.CALIBRATION_HALF_LIFE);
        check(halfLife >= 100, VigilOptions.CALIBRATION_HALF_LIFE, "must be at least 100 points");
        double max = get(conf, VigilOptions.CALIBRATION_BUDGET);
        check(max > 0 && max <= 100, VigilOptions.CALIBRATION_BUDGET, "must be in (0, 100]");
        double exclude = get(conf, VigilOptions.CALIBRATION_EXCLUDE);
        check(exclude > 0 && exclude < 1, VigilOptions.CALIBRATION_EXCLUDE, "must be in (0, 1)");
        return new DetectConfig.CalibrationConfig(get(conf, VigilOptions.CALIBRATION_ENABLED), tail, prior, halfLife,
                max, exclude);
    }

    private ControlRules controls(Configuration conf, double threshold) {
        int[] kn;
        try {
            kn = ControlSettings.parsePersistence(get(conf, VigilOptions.CONTROLS_PERSISTENCE));
        } catch (IllegalArgumentException e) {
            throw bad(VigilOptions.CONTROLS_PERSISTENCE, e.getMessage());
        }
        double close = get(conf, VigilOptions.CONTROLS_CLOSE);
        check(close == -1 || (close > 0 && close <= threshold), VigilOptions.CONTROLS_CLOSE,
                "must be -1 (none) or in (0, detect.threshold = " + threshold + "]");
        ControlSettings.Direction direction;
        try {
            direction = ControlSettings.Direction.parse(get(conf, VigilOptions.CONTROLS_DIRECTION));
        } catch (IllegalArgumentException e) {
            throw bad(VigilOptions.CONTROLS_DIRECTION, e.getMessage());
        }
        ControlSettings defaults;
        try {
            defaults = new ControlSettings(kn[0], kn[1], threshold, close < 0 ? threshold : close,
                    get(conf, VigilOptions.CONTROLS_MIN_DEVIATION), get(conf, VigilOptions.CONTROLS_MIN_RELATIVE),
                    direction);
        } catch (IllegalArgumentException e) {
            throw bad(VigilOptions.CONTROLS_PERSISTENCE, e.getMessage());
        }
        String file = get(conf, VigilOptions.CONTROLS_RULES);
        if (file.isBlank()) {
            return ControlRules.of(defaults);
        }
        try {
            return ControlRulesFile.read(Path.of(file), defaults);
        } catch (IllegalArgumentException e) {
            throw bad(VigilOptions.CONTROLS_RULES, e.getMessage());
        }
    }

    private DetectConfig.SeasonalConfig seasonal(Configuration conf) {
        String mode = get(conf, VigilOptions.SEASONAL_MODE);
        check(mode.equals("additive") || mode.equals("multiplicative"), VigilOptions.SEASONAL_MODE,
                "must be additive or multiplicative");
        double width = get(conf, VigilOptions.SEASONAL_WIDTH);
        check(width > 0.5 && width < 1, VigilOptions.SEASONAL_WIDTH, "must be in (0.5, 1)");
        double cp = get(conf, VigilOptions.SEASONAL_CP_PRIOR);
        check(cp > 0, VigilOptions.SEASONAL_CP_PRIOR, "must be positive");
        double prior = get(conf, VigilOptions.SEASONAL_PRIOR);
        check(prior > 0, VigilOptions.SEASONAL_PRIOR, "must be positive");
        double sensitivity = get(conf, VigilOptions.SEASONAL_SENSITIVITY);
        check(sensitivity > 0, VigilOptions.SEASONAL_SENSITIVITY, "must be positive");
        Duration history = positive(conf, VigilOptions.SEASONAL_HISTORY);
        Duration bucket = positive(conf, VigilOptions.SEASONAL_BUCKET);
        check(history.toMillis() / bucket.toMillis() <= 5000, VigilOptions.SEASONAL_HISTORY,
                "holds more than 5000 buckets of detect.seasonal.bucket; use a coarser bucket");
        Duration minHistory = positive(conf, VigilOptions.SEASONAL_MIN_HISTORY);
        check(minHistory.compareTo(history) <= 0, VigilOptions.SEASONAL_MIN_HISTORY,
                "must not exceed detect.seasonal.history (" + history + ")");
        return new DetectConfig.SeasonalConfig(get(conf, VigilOptions.SEASONAL_ENABLED),
                between(conf, VigilOptions.SEASONAL_DAILY_ORDER, 0, 12),
                between(conf, VigilOptions.SEASONAL_WEEKLY_ORDER, 0, 6),
                between(conf, VigilOptions.SEASONAL_CHANGEPOINTS, 0, 50), cp, prior, width,
                mode.equals("multiplicative"), sensitivity, minHistory,
                positive(conf, VigilOptions.SEASONAL_REFIT), history, bucket,
                calendar(conf, get(conf, VigilOptions.SEASONAL_CALENDAR)));
    }

    private int between(Configuration conf, ConfigOption<Integer> option, int lo, int hi) {
        int v = get(conf, option);
        check(v >= lo && v <= hi, option, "must be between " + lo + " and " + hi);
        return v;
    }

    /** Reads the calendar CSV ({@code name,start,end}); errors name the file and line. */
    private List<CalendarEvent> calendar(Configuration conf, String file) {
        if (file.isBlank()) {
            return List.of();
        }
        Path path = Path.of(file);
        List<String> lines;
        try {
            lines = Files.readAllLines(path);
        } catch (IOException e) {
            throw bad(VigilOptions.SEASONAL_CALENDAR, "cannot read " + path + ": " + e.getMessage());
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
                throw bad(VigilOptions.SEASONAL_CALENDAR, path + ":" + (i + 1) + ": " + e.getMessage());
            }
        }
        return List.copyOf(events);
    }

    private CorrelateConfig correlate(Configuration conf) {
        List<String> scope = conf.getOptional(VigilOptions.CORRELATE_SCOPE).orElse(List.of());
        List<String> service = get(conf, VigilOptions.CORRELATE_SERVICE_LABELS);
        check(!service.isEmpty(), VigilOptions.CORRELATE_SERVICE_LABELS, "must name at least one label");
        String services = get(conf, VigilOptions.CORRELATE_SERVICES);
        ServiceGraph graph;
        try {
            graph = services.isBlank() ? ServiceGraph.empty() : ServiceGraphFile.read(Path.of(services));
        } catch (IllegalArgumentException e) {
            throw bad(VigilOptions.CORRELATE_SERVICES, e.getMessage());
        }
        return new CorrelateConfig(List.copyOf(scope), positive(conf, VigilOptions.CORRELATE_GAP),
                List.copyOf(service), graph, services, positive(conf, VigilOptions.CORRELATE_CHANGE_LOOK_BACK),
                between(conf, VigilOptions.CORRELATE_EVIDENCE, 0.0, 1.0));
    }

    private AlertConfig alert(Configuration conf) {
        double critical = between(conf, VigilOptions.ALERT_CRITICAL_AT, 0, 1);
        double warning = between(conf, VigilOptions.ALERT_WARNING_AT, 0, 1);
        check(warning < critical, VigilOptions.ALERT_WARNING_AT, "must be below alert.critical-at (" + critical + ")");
        double ws = between(conf, VigilOptions.ALERT_W_SCORE, 0, 1);
        double wa = between(conf, VigilOptions.ALERT_W_AFFECTED, 0, 1);
        double wd = between(conf, VigilOptions.ALERT_W_DURATION, 0, 1);
        double wr = between(conf, VigilOptions.ALERT_W_ROOT_CAUSE, 0, 1);
        check(Math.abs(ws + wa + wd + wr - 1.0) < 1e-6, VigilOptions.ALERT_W_SCORE,
                "and the other alert.weights.* must add up to 1 (they add up to " + (ws + wa + wd + wr) + ")");
        Duration rate = get(conf, VigilOptions.ALERT_RATE_LIMIT);
        check(!rate.isNegative(), VigilOptions.ALERT_RATE_LIMIT, "must not be negative");
        return new AlertConfig(get(conf, VigilOptions.ALERT_NAME),
                parse(conf, VigilOptions.ALERT_MIN_SEVERITY, Severity::fromWireName), rate, critical, warning,
                ws, wa, wd, wr, atLeast(conf, VigilOptions.ALERT_AFFECTED_FULL, 1),
                positive(conf, VigilOptions.ALERT_DURATION_FULL), get(conf, VigilOptions.ALERT_HEARTBEAT));
    }

    private JobConfig job(Configuration conf) {
        int p = get(conf, VigilOptions.JOB_PARALLELISM);
        check(p == -1 || p >= 1, VigilOptions.JOB_PARALLELISM, "must be -1 or at least 1");
        int maxP = atLeast(conf, VigilOptions.JOB_MAX_PARALLELISM, 1);
        check(p <= maxP, VigilOptions.JOB_PARALLELISM, "must not exceed job.max-parallelism (" + maxP + ")");
        return new JobConfig(p, maxP, positive(conf, VigilOptions.JOB_CHECKPOINT_INTERVAL));
    }

    private BridgeConfig bridge(Configuration conf) {
        String listen = get(conf, VigilOptions.BRIDGE_LISTEN);
        int colon = listen.lastIndexOf(':');
        int port = -1;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            // reported below
        }
        check(colon >= 0 && port >= 0 && port <= 65535, VigilOptions.BRIDGE_LISTEN, "must be host:port, e.g. 0.0.0.0:9201");
        String user = get(conf, VigilOptions.BRIDGE_BASIC_USER);
        String passwordFile = get(conf, VigilOptions.BRIDGE_BASIC_PASSWORD_FILE);
        check(user.isEmpty() == passwordFile.isEmpty(), VigilOptions.BRIDGE_BASIC_USER,
                "and bridge.auth.basic-password-file go together");
        String bearer = get(conf, VigilOptions.BRIDGE_BEARER_FILE);
        check(bearer.isEmpty() || user.isEmpty(), VigilOptions.BRIDGE_BEARER_FILE,
                "and bridge.auth.basic-user exclude each other (Prometheus sends one Authorization header)");
        String cert = get(conf, VigilOptions.BRIDGE_TLS_CERT);
        String key = get(conf, VigilOptions.BRIDGE_TLS_KEY);
        check(cert.isEmpty() == key.isEmpty(), VigilOptions.BRIDGE_TLS_CERT, "and bridge.tls.key-file go together");
        var limits = new BridgeConfig.Limits(atLeast(conf, VigilOptions.BRIDGE_MAX_BODY, 1024),
                atLeast(conf, VigilOptions.BRIDGE_MAX_DECODED, 1024), atLeast(conf, VigilOptions.BRIDGE_MAX_SERIES, 1),
                atLeast(conf, VigilOptions.BRIDGE_MAX_LABELS, 1), atLeast(conf, VigilOptions.BRIDGE_MAX_NAME_LENGTH, 1),
                atLeast(conf, VigilOptions.BRIDGE_MAX_VALUE_LENGTH, 1),
                atLeast(conf, VigilOptions.BRIDGE_NEW_SERIES_RATE, 0), atLeast(conf, VigilOptions.BRIDGE_NEW_SERIES_BURST, 0),
                positive(conf, VigilOptions.BRIDGE_SERIES_TTL));
        return new BridgeConfig(listen.substring(0, colon), port, get(conf, VigilOptions.BRIDGE_TOPIC), bearer, user,
                passwordFile, cert, key, limits, positive(conf, VigilOptions.BRIDGE_KAFKA_TIMEOUT),
                atLeast(conf, VigilOptions.BRIDGE_THREADS, 1), positive(conf, VigilOptions.BRIDGE_SHUTDOWN_GRACE));
    }

    /** The effective configuration as {@code key=value} lines, secrets masked, for the start-up log. */
    public static List<String> describe(VigilConfig cfg) {
        List<String> lines = new ArrayList<>();
        lines.add("kafka.bootstrap-servers=" + cfg.kafka().bootstrapServers());
        lines.add("kafka.topics.metrics=" + cfg.kafka().metricsTopics());
        cfg.kafka().clientProperties().forEach((k, v) -> lines.add(VigilOptions.KAFKA_PROPERTIES_PREFIX + k + "="
                + (k.contains("password") || k.contains("jaas") || k.contains("secret") ? "<masked>" : v)));
        lines.add("ingest=" + cfg.ingest());
        lines.add("features.step=" + cfg.features().step() + " fill=" + cfg.features().fill());
        lines.add("detect=" + cfg.detect());
        lines.add("correlate=" + cfg.correlate());
        lines.add("alert=" + cfg.alert());
        lines.add("job=" + cfg.job());
        return lines;
    }
}
