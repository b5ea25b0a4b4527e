package io.vigil.config;

import io.vigil.model.InputFormat;
import io.vigil.model.Severity;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads {@code vigil.yaml} once, flattens nested maps to dotted keys, rejects keys no section knows
 * (typos would otherwise silently fall back to defaults) and validates every value: the core keys
 * of {@link VigilOptions} here, each detector module's {@code detect.<name>.*} keys by its own
 * section ({@link DetectorCatalog}). Every error names the source, the key and the bad value. Files
 * the configuration names (the service graph, the controls rules) are read by their stage, not here.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final String source;
    private final Map<String, String> flat;
    private final DetectorCatalog catalog;
    private final ConfigReader r;

    private ConfigLoader(String source, Map<String, String> flat, DetectorCatalog catalog) {
        this.source = source;
        this.flat = flat;
        this.catalog = catalog;
        rejectUnknownKeys();
        this.r = new ConfigReader(source, flat, Configuration.fromMap(withoutPassThrough()));
    }

    /** All defaults: what a first run gets with no file. */
    public static VigilConfig defaults() {
        return new ConfigLoader("defaults", Map.of(), DetectorCatalog.standard()).build();
    }

    /** Loads a file (or the defaults when {@code file} is null) with {@code key=value} overrides on top. */
    public static VigilConfig load(Path file, Map<String, String> overrides) {
        return load(file, overrides, DetectorCatalog.standard());
    }

    /** The same with the detectors of {@code catalog} (a test's own module among them). */
    public static VigilConfig load(Path file, Map<String, String> overrides, DetectorCatalog catalog) {
        return loader(file, overrides, catalog).build();
    }

    /** What {@code vigil bridge} needs: its own keys and Kafka's; the other sections are checked for unknown keys only. */
    public record BridgeView(KafkaConfig kafka, BridgeConfig bridge) {}

    public static BridgeView bridge(Path file, Map<String, String> overrides) {
        ConfigLoader l = loader(file, overrides, DetectorCatalog.standard());
        return new BridgeView(l.kafka(), l.bridge());
    }

    /** What {@code vigil notify} needs: its own keys and Kafka's (client properties included, for SASL/TLS). */
    public record NotifyView(KafkaConfig kafka, NotifyConfig notifier) {}

    public static NotifyView notifier(Path file, Map<String, String> overrides) {
        ConfigLoader l = loader(file, overrides, DetectorCatalog.standard());
        return new NotifyView(l.kafka(), l.notifier());
    }

    private static ConfigLoader loader(Path file, Map<String, String> overrides, DetectorCatalog catalog) {
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
        return new ConfigLoader(source, flat, catalog);
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
        return new VigilConfig(kafka(), ingest(), features(), detect(), correlate(), alert(), job(), bridge());
    }

    /** Every key the loader accepts: the core options and each detector section's. */
    public static List<ConfigOption<?>> allOptions(DetectorCatalog catalog) {
        List<ConfigOption<?>> all = new ArrayList<>(VigilOptions.CORE);
        for (DetectorCatalog.Section<?> section : catalog.sections()) {
            for (ConfigOption<?> o : section.options()) {
                if (!o.key().startsWith("detect." + section.name() + ".")) {
                    throw new IllegalStateException("detector " + section.name() + " declares key " + o.key()
                            + " outside detect." + section.name() + ".*");
                }
                all.add(o);
            }
        }
        return all;
    }

    private void rejectUnknownKeys() {
        Set<String> known = new TreeSet<>();
        for (ConfigOption<?> o : allOptions(catalog)) {
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

    private KafkaConfig kafka() {
        String offsets = r.get(VigilOptions.KAFKA_STARTING_OFFSETS);
        r.check(Set.of("committed", "earliest", "latest").contains(offsets), VigilOptions.KAFKA_STARTING_OFFSETS,
                "must be committed, earliest or latest");
        String delivery = r.get(VigilOptions.KAFKA_DELIVERY);
        r.check(Set.of("exactly-once", "at-least-once").contains(delivery), VigilOptions.KAFKA_DELIVERY,
                "must be exactly-once or at-least-once");
        List<String> topics = r.get(VigilOptions.TOPIC_METRICS);
        r.check(!topics.isEmpty(), VigilOptions.TOPIC_METRICS, "must name at least one topic");
        Map<String, String> props = new TreeMap<>(propertiesFile(r.get(VigilOptions.KAFKA_PROPERTIES_FILE)));
        flat.forEach((k, v) -> {
            if (k.startsWith(VigilOptions.KAFKA_PROPERTIES_PREFIX)) {
                props.put(k.substring(VigilOptions.KAFKA_PROPERTIES_PREFIX.length()), v);
            }
        });
        var names = new KafkaConfig.Topics(topics, r.get(VigilOptions.TOPIC_ANOMALIES),
                r.get(VigilOptions.TOPIC_INCIDENTS), r.get(VigilOptions.TOPIC_ALERTS),
                r.get(VigilOptions.TOPIC_DEADLETTER), r.get(VigilOptions.TOPIC_CHANGES));
        return new KafkaConfig(r.get(VigilOptions.KAFKA_BOOTSTRAP), r.get(VigilOptions.KAFKA_GROUP), offsets, names,
                delivery.equals("exactly-once"), r.get(VigilOptions.KAFKA_TXN_PREFIX),
                r.positive(VigilOptions.KAFKA_TXN_TIMEOUT), Map.copyOf(props));
    }

    /** The Kafka client settings in {@code kafka.properties-file}, or none when it is empty. */
    private Map<String, String> propertiesFile(String file) {
        if (file.isEmpty()) {
            return Map.of();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw r.bad(VigilOptions.KAFKA_PROPERTIES_FILE, "cannot be read: " + e);
        }
        Map<String, String> out = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    private IngestConfig ingest() {
        InputFormat format = r.parse(VigilOptions.INGEST_FORMAT, InputFormat::fromConfigName);
        Duration ooo = r.get(VigilOptions.INGEST_OUT_OF_ORDERNESS);
        r.check(!ooo.isNegative(), VigilOptions.INGEST_OUT_OF_ORDERNESS, "must not be negative");
        return new IngestConfig(format, ooo, r.positive(VigilOptions.INGEST_IDLENESS),
                r.positive(VigilOptions.INGEST_MAX_AHEAD), labelLimits(),
                new SeriesLimits(r.atLeast(VigilOptions.INGEST_MAX_SERIES, 0),
                        r.atLeast(VigilOptions.INGEST_MAX_SERIES_PER_TENANT, 0), tenantLabel()),
                List.of());
    }

    private String tenantLabel() {
        String label = r.get(VigilOptions.INGEST_TENANT_LABEL);
        r.check(label.matches("[a-zA-Z_][a-zA-Z0-9_]*"), VigilOptions.INGEST_TENANT_LABEL,
                "must be a Prometheus label name");
        return label;
    }

    /** Read for the bridge and the job alike: one set of limits wherever a series comes in. */
    private LabelLimits labelLimits() {
        return new LabelLimits(r.atLeast(VigilOptions.BRIDGE_MAX_LABELS, 1),
                r.atLeast(VigilOptions.BRIDGE_MAX_NAME_LENGTH, 1), r.atLeast(VigilOptions.BRIDGE_MAX_VALUE_LENGTH, 1));
    }

    private FeatureConfig features() {
        Duration step = r.positive(VigilOptions.FEATURES_STEP);
        r.check(step.toMillis() >= 1000, VigilOptions.FEATURES_STEP, "must be at least 1s");
        Duration maxGap = r.get(VigilOptions.FEATURES_MAX_GAP);
        r.check(!maxGap.isNegative(), VigilOptions.FEATURES_MAX_GAP, "must not be negative");
        Duration expiry = r.positive(VigilOptions.FEATURES_SERIES_EXPIRY);
        r.check(expiry.compareTo(maxGap) > 0 && expiry.compareTo(step) > 0, VigilOptions.FEATURES_SERIES_EXPIRY,
                "must be longer than features.step and features.max-gap");
        double alpha = r.get(VigilOptions.FEATURES_EWMA_ALPHA);
        r.check(alpha > 0 && alpha <= 1, VigilOptions.FEATURES_EWMA_ALPHA, "must be in (0, 1]");
        return new FeatureConfig(step, r.parse(VigilOptions.FEATURES_FILL, FillMethod::parse), maxGap,
                r.steps(VigilOptions.FEATURES_WINDOWS), r.steps(VigilOptions.FEATURES_LAGS),
                alpha, expiry, List.copyOf(r.get(VigilOptions.FEATURES_COUNTER_SUFFIXES)));
    }

    private DetectConfig detect() {
        double threshold = r.get(VigilOptions.DETECT_THRESHOLD);
        r.check(threshold > 0 && threshold < 1, VigilOptions.DETECT_THRESHOLD, "must be in (0, 1)");
        Map<String, DetectorSettings> detectors = new LinkedHashMap<>();
        for (DetectorCatalog.Section<?> section : catalog.sections()) {
            detectors.put(section.name(), section.read(r));
        }
        Duration reload = r.get(VigilOptions.MODELS_RELOAD);
        r.check(reload.toMillis() >= 1000, VigilOptions.MODELS_RELOAD, "must be at least 1s");
        return new DetectConfig(threshold, calibration(), controls(threshold), detectors,
                new DetectConfig.ModelsConfig(r.get(VigilOptions.MODELS).trim(), reload));
    }

    private DetectConfig.CalibrationConfig calibration() {
        double tail = r.get(VigilOptions.CALIBRATION_TAIL);
        r.check(tail >= 1 && tail <= 10, VigilOptions.CALIBRATION_TAIL, "must be between 1 and 10");
        double prior = r.get(VigilOptions.CALIBRATION_PRIOR);
        r.check(prior > 0, VigilOptions.CALIBRATION_PRIOR, "must be positive");
        double priorPeaks = r.get(VigilOptions.CALIBRATION_PRIOR_PEAKS);
        r.check(priorPeaks >= 0, VigilOptions.CALIBRATION_PRIOR_PEAKS, "must not be negative");
        double halfLife = r.get(VigilOptions.CALIBRATION_HALF_LIFE);
        r.check(halfLife >= 100, VigilOptions.CALIBRATION_HALF_LIFE, "must be at least 100 points");
        double max = r.get(VigilOptions.CALIBRATION_BUDGET);
        r.check(max > 0 && max <= 100, VigilOptions.CALIBRATION_BUDGET, "must be in (0, 100]");
        double exclude = r.get(VigilOptions.CALIBRATION_EXCLUDE);
        r.check(exclude > 0 && exclude < 1, VigilOptions.CALIBRATION_EXCLUDE, "must be in (0, 1)");
        return new DetectConfig.CalibrationConfig(r.get(VigilOptions.CALIBRATION_ENABLED), tail, prior, priorPeaks,
                halfLife, max, exclude);
    }

    private DetectConfig.ControlConfig controls(double threshold) {
        int[] kn;
        try {
            kn = ControlSettings.parsePersistence(r.get(VigilOptions.CONTROLS_PERSISTENCE));
        } catch (IllegalArgumentException e) {
            throw r.bad(VigilOptions.CONTROLS_PERSISTENCE, e.getMessage());
        }
        double close = r.get(VigilOptions.CONTROLS_CLOSE);
        r.check(close == -1 || (close > 0 && close <= threshold), VigilOptions.CONTROLS_CLOSE,
                "must be -1 (none) or in (0, detect.threshold = " + threshold + "]");
        ControlSettings.Direction direction;
        try {
            direction = ControlSettings.Direction.parse(r.get(VigilOptions.CONTROLS_DIRECTION));
        } catch (IllegalArgumentException e) {
            throw r.bad(VigilOptions.CONTROLS_DIRECTION, e.getMessage());
        }
        ControlSettings defaults;
        try {
            defaults = new ControlSettings(kn[0], kn[1], threshold, close < 0 ? threshold : close,
                    r.get(VigilOptions.CONTROLS_MIN_DEVIATION), r.get(VigilOptions.CONTROLS_MIN_RELATIVE), direction,
                    r.get(VigilOptions.CONTROLS_REFRACTORY).toMillis());
        } catch (IllegalArgumentException e) {
            throw r.bad(VigilOptions.CONTROLS_PERSISTENCE, e.getMessage());
        }
        String file = r.get(VigilOptions.CONTROLS_RULES);
        r.check(file.isBlank() || Files.isRegularFile(Path.of(file)), VigilOptions.CONTROLS_RULES, "does not exist (or is not a file)");
        return new DetectConfig.ControlConfig(defaults, file);
    }

    private CorrelateConfig correlate() {
        List<String> scope = r.isSet(VigilOptions.CORRELATE_SCOPE) ? r.get(VigilOptions.CORRELATE_SCOPE) : List.of();
        List<String> service = r.get(VigilOptions.CORRELATE_SERVICE_LABELS);
        r.check(!service.isEmpty(), VigilOptions.CORRELATE_SERVICE_LABELS, "must name at least one label");
        String services = r.get(VigilOptions.CORRELATE_SERVICES);
        r.check(services.isBlank() || Files.isRegularFile(Path.of(services)), VigilOptions.CORRELATE_SERVICES,
                "does not exist (or is not a file)");
        return new CorrelateConfig(scope, r.positive(VigilOptions.CORRELATE_GAP), r.positive(VigilOptions.CORRELATE_JOIN_GAP),
                service, services,
                r.positive(VigilOptions.CORRELATE_CHANGE_LOOK_BACK), r.between(VigilOptions.CORRELATE_EVIDENCE, 0.0, 1.0));
    }

    private AlertConfig alert() {
        double critical = r.between(VigilOptions.ALERT_CRITICAL_AT, 0, 1);
        double warning = r.between(VigilOptions.ALERT_WARNING_AT, 0, 1);
        r.check(warning < critical, VigilOptions.ALERT_WARNING_AT, "must be below alert.critical-at (" + critical + ")");
        double ws = r.between(VigilOptions.ALERT_W_SCORE, 0, 1);
        double wa = r.between(VigilOptions.ALERT_W_AFFECTED, 0, 1);
        double wd = r.between(VigilOptions.ALERT_W_DURATION, 0, 1);
        double wr = r.between(VigilOptions.ALERT_W_ROOT_CAUSE, 0, 1);
        r.check(Math.abs(ws + wa + wd + wr - 1.0) < 1e-6, VigilOptions.ALERT_W_SCORE,
                "and the other alert.weights.* must add up to 1 (they add up to " + (ws + wa + wd + wr) + ")");
        Duration rate = r.get(VigilOptions.ALERT_RATE_LIMIT);
        r.check(!rate.isNegative(), VigilOptions.ALERT_RATE_LIMIT, "must not be negative");
        var scoring = new AlertConfig.Scoring(critical, warning, ws, wa, wd, wr,
                r.atLeast(VigilOptions.ALERT_AFFECTED_FULL, 1), r.positive(VigilOptions.ALERT_DURATION_FULL));
        return new AlertConfig(r.get(VigilOptions.ALERT_NAME),
                r.parse(VigilOptions.ALERT_MIN_SEVERITY, Severity::fromWireName), rate,
                r.get(VigilOptions.ALERT_HEARTBEAT), scoring);
    }

    private JobConfig job() {
        int p = r.get(VigilOptions.JOB_PARALLELISM);
        r.check(p == -1 || p >= 1, VigilOptions.JOB_PARALLELISM, "must be -1 or at least 1");
        int maxP = r.get(VigilOptions.JOB_MAX_PARALLELISM);
        r.check(maxP == -1 || maxP >= 1, VigilOptions.JOB_MAX_PARALLELISM, "must be -1 or at least 1");
        r.check(maxP == -1 || p <= maxP, VigilOptions.JOB_PARALLELISM,
                "must not exceed job.max-parallelism (" + maxP + ")");
        Duration interval = r.get(VigilOptions.JOB_CHECKPOINT_INTERVAL);
        r.check(!interval.isNegative(), VigilOptions.JOB_CHECKPOINT_INTERVAL, "must be 0 or a positive duration");
        return new JobConfig(p, maxP, interval);
    }

    private BridgeConfig bridge() {
        String listen = r.get(VigilOptions.BRIDGE_LISTEN);
        int colon = listen.lastIndexOf(':');
        int port = -1;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            // reported below
        }
        r.check(colon >= 0 && port >= 0 && port <= 65535, VigilOptions.BRIDGE_LISTEN, "must be host:port, e.g. 0.0.0.0:9201");
        String user = r.get(VigilOptions.BRIDGE_BASIC_USER);
        String passwordFile = r.get(VigilOptions.BRIDGE_BASIC_PASSWORD_FILE);
        r.check(user.isEmpty() == passwordFile.isEmpty(), VigilOptions.BRIDGE_BASIC_USER,
                "and bridge.auth.basic-password-file go together");
        String bearer = r.get(VigilOptions.BRIDGE_BEARER_FILE);
        r.check(bearer.isEmpty() || user.isEmpty(), VigilOptions.BRIDGE_BEARER_FILE,
                "and bridge.auth.basic-user exclude each other (Prometheus sends one Authorization header)");
        String cert = r.get(VigilOptions.BRIDGE_TLS_CERT);
        String key = r.get(VigilOptions.BRIDGE_TLS_KEY);
        r.check(cert.isEmpty() == key.isEmpty(), VigilOptions.BRIDGE_TLS_CERT, "and bridge.tls.key-file go together");
        var limits = new BridgeConfig.Limits(r.atLeast(VigilOptions.BRIDGE_MAX_BODY, 1024),
                r.atLeast(VigilOptions.BRIDGE_MAX_DECODED, 1024), r.atLeast(VigilOptions.BRIDGE_MAX_SERIES, 1),
                labelLimits(),
                r.atLeast(VigilOptions.BRIDGE_NEW_SERIES_RATE, 0), r.atLeast(VigilOptions.BRIDGE_NEW_SERIES_BURST, 0),
                r.positive(VigilOptions.BRIDGE_SERIES_TTL));
        return new BridgeConfig(listen.substring(0, colon), port, r.get(VigilOptions.BRIDGE_TOPIC), bearer, user,
                passwordFile, cert, key, limits, r.positive(VigilOptions.BRIDGE_KAFKA_TIMEOUT),
                r.atLeast(VigilOptions.BRIDGE_THREADS, 1), r.positive(VigilOptions.BRIDGE_SHUTDOWN_GRACE));
    }

    private NotifyConfig notifier() {
        URI alertmanager = null;
        String am = r.get(VigilOptions.NOTIFY_ALERTMANAGER_URL).trim();
        if (!am.isEmpty()) {
            alertmanager = httpUrl(VigilOptions.NOTIFY_ALERTMANAGER_URL, am);
        }
        Duration resend = r.get(VigilOptions.NOTIFY_ALERTMANAGER_RESEND);
        r.check(resend.toMillis() >= 1000, VigilOptions.NOTIFY_ALERTMANAGER_RESEND, "must be at least 1s");
        List<String> routes = listOrEmpty(VigilOptions.NOTIFY_ROUTES);
        Map<String, String> links = new LinkedHashMap<>();
        for (String link : listOrEmpty(VigilOptions.NOTIFY_LINKS)) {
            int eq = link.indexOf('=');
            r.check(eq > 0 && eq < link.length() - 1, VigilOptions.NOTIFY_LINKS,
                    "must hold NAME=URL entries ('" + link + "' is not one)");
            links.put(link.substring(0, eq).trim(), link.substring(eq + 1).trim());
        }
        return new NotifyConfig(r.get(VigilOptions.NOTIFY_GROUP), r.get(VigilOptions.NOTIFY_DEAD_LETTER_TOPIC),
                httpUrl(VigilOptions.NOTIFY_PAGERDUTY_URL, r.get(VigilOptions.NOTIFY_PAGERDUTY_URL).trim()),
                r.get(VigilOptions.NOTIFY_PAGERDUTY_KEY_FILE), r.get(VigilOptions.NOTIFY_SLACK_WEBHOOK_FILE),
                alertmanager, resend, r.get(VigilOptions.NOTIFY_GENERATOR_URL).trim(), routes,
                Collections.unmodifiableMap(links), r.between(VigilOptions.NOTIFY_HEALTH_PORT, 0, 65535),
                new DeliveryRate(r.atLeast(VigilOptions.NOTIFY_PAGERDUTY_PER_MINUTE, 0),
                        r.atLeast(VigilOptions.NOTIFY_PAGERDUTY_BURST, 1)),
                new DeliveryRate(r.atLeast(VigilOptions.NOTIFY_SLACK_PER_MINUTE, 0),
                        r.atLeast(VigilOptions.NOTIFY_SLACK_BURST, 1)));
    }

    /** A list key, empty when unset; blank entries (an empty YAML list) are dropped. */
    private List<String> listOrEmpty(ConfigOption<List<String>> option) {
        if (!r.isSet(option)) {
            return List.of();
        }
        return r.get(option).stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    private URI httpUrl(ConfigOption<String> option, String value) {
        URI uri = null;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            // reported below
        }
        r.check(uri != null && uri.getHost() != null && ("http".equals(uri.getScheme())
                || "https".equals(uri.getScheme())), option, "must be an http(s) URL with a host");
        return uri;
    }

    /** The effective configuration as {@code key=value} lines, secrets masked, for the start-up log. */
    public static List<String> describe(VigilConfig cfg) {
        List<String> lines = new ArrayList<>();
        lines.add("kafka.bootstrap-servers=" + cfg.kafka().bootstrapServers());
        lines.add("kafka.topics.metrics=" + cfg.kafka().topics().metrics());
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
