package io.vigil.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every key of {@code vigil.yaml}, with its default and why the default is what it is. Nested YAML
 * maps flatten to these dotted keys; lists are YAML lists. Each detector module declares its own
 * {@code detect.<name>.*} keys; {@link ConfigLoader} rejects any key neither lists (except below
 * {@code kafka.properties.}, passed to the Kafka clients as is).
 */
public final class VigilOptions {
    private VigilOptions() {}

    // ---- kafka ----
    public static final ConfigOption<String> KAFKA_BOOTSTRAP =
            ConfigOptions.key("kafka.bootstrap-servers").stringType().defaultValue("localhost:9092")
                    .withDescription("Kafka brokers, host:port[,host:port].");
    public static final ConfigOption<String> KAFKA_GROUP =
            ConfigOptions.key("kafka.group-id").stringType().defaultValue("vigil")
                    .withDescription("Consumer group of the job's metric source.");
    public static final ConfigOption<String> KAFKA_STARTING_OFFSETS =
            ConfigOptions.key("kafka.starting-offsets").stringType().defaultValue("committed")
                    .withDescription("committed (falls back to earliest), earliest or latest.");
    public static final ConfigOption<List<String>> TOPIC_METRICS =
            ConfigOptions.key("kafka.topics.metrics").stringType().asList().defaultValues("metrics")
                    .withDescription("Topics holding metric samples in ingest.format.");
    public static final ConfigOption<String> TOPIC_ANOMALIES =
            ConfigOptions.key("kafka.topics.anomalies").stringType().defaultValue("vigil.anomalies");
    public static final ConfigOption<String> TOPIC_INCIDENTS =
            ConfigOptions.key("kafka.topics.incidents").stringType().defaultValue("vigil.incidents");
    public static final ConfigOption<String> TOPIC_ALERTS =
            ConfigOptions.key("kafka.topics.alerts").stringType().defaultValue("vigil.alerts");
    public static final ConfigOption<String> TOPIC_DEADLETTER =
            ConfigOptions.key("kafka.topics.deadletter").stringType().defaultValue("vigil.deadletter");
    public static final ConfigOption<String> TOPIC_CHANGES =
            ConfigOptions.key("kafka.topics.changes").stringType().defaultValue("")
                    .withDescription("Change events (deploys, config changes, scaling) that annotate incidents and "
                            + "raise the candidates they name, e.g. vigil.changes; empty: none are read.");
    public static final ConfigOption<String> KAFKA_DELIVERY =
            ConfigOptions.key("kafka.delivery").stringType().defaultValue("exactly-once")
                    .withDescription("exactly-once (transactions, visible at each checkpoint) or at-least-once.");
    public static final ConfigOption<String> KAFKA_TXN_PREFIX =
            ConfigOptions.key("kafka.transactional-id-prefix").stringType().defaultValue("vigil")
                    .withDescription("Must be unique per job per Kafka cluster: two jobs sharing a prefix fence each other's transactions.");
    public static final ConfigOption<Duration> KAFKA_TXN_TIMEOUT =
            ConfigOptions.key("kafka.transaction-timeout").durationType().defaultValue(Duration.ofMinutes(10))
                    .withDescription("Below the broker's transaction.max.timeout.ms (15 min by default); "
                            + "Flink's own default of 1 h is rejected by a default broker.");
    public static final ConfigOption<String> KAFKA_PROPERTIES_FILE =
            ConfigOptions.key("kafka.properties-file").stringType().defaultValue("")
                    .withDescription("A Java properties file of Kafka client settings, read at start and merged under "
                            + "kafka.properties.* (which win): the place for credentials such as sasl.jaas.config, "
                            + "mounted from a secret rather than written in vigil.yaml or on a command line.");

    // ---- ingest ----
    public static final ConfigOption<String> INGEST_FORMAT =
            ConfigOptions.key("ingest.format").stringType().defaultValue("adapter-json")
                    .withDescription("Wire format of metrics records without a format header: adapter-json or "
                            + "remote-write (records from vigil bridge carry a header and are read as remote-write "
                            + "whatever this says).");
    public static final ConfigOption<Duration> INGEST_OUT_OF_ORDERNESS =
            ConfigOptions.key("ingest.max-out-of-orderness").durationType().defaultValue(Duration.ofSeconds(30))
                    .withDescription("How far behind the newest sample a sample may arrive and still count. "
                            + "The adapter spreads one series over partitions, so samples arrive shuffled by "
                            + "a few scrape intervals; 30 s covers two 15 s scrapes.");
    public static final ConfigOption<Duration> INGEST_IDLENESS =
            ConfigOptions.key("ingest.idleness").durationType().defaultValue(Duration.ofMinutes(1))
                    .withDescription("A Kafka partition silent this long stops holding back event time. Only time "
                            + "the job spends reading counts: while it is backpressured (catching up, or stalled "
                            + "downstream) no partition goes idle, so none of Kafka's samples become late. Remote-write "
                            + "records (hundreds of samples each) keep the reader on one partition longer: keep this "
                            + "at a minute or more for them (at 1 s a backlog lost 198 of 12,000 samples as late).");
    public static final ConfigOption<Duration> INGEST_MAX_AHEAD =
            ConfigOptions.key("ingest.max-ahead").durationType().defaultValue(Duration.ofMinutes(5))
                    .withDescription("A sample further than this ahead of both the wall clock and the newest sample "
                            + "of its partition goes to the dead letters: a host with a wrong clock must not move "
                            + "event time on for every other series and make their samples late.");

    public static final ConfigOption<Integer> INGEST_MAX_SERIES =
            ConfigOptions.key("ingest.max-series").intType().defaultValue(5_000_000)
                    .withDescription("Live series the job keeps state for, all tenants together; a sample of a new "
                            + "series beyond it goes to the dead letters (a series is live from its first sample until "
                            + "features.series-expiry after its last). 0: no cap. Bounds the job's state when the "
                            + "metrics topic is flooded with new series; about 5 KB of state each.");
    public static final ConfigOption<Integer> INGEST_MAX_SERIES_PER_TENANT =
            ConfigOptions.key("ingest.max-series-per-tenant").intType().defaultValue(1_000_000)
                    .withDescription("Live series per value of ingest.tenant-label, so one exporter minting series "
                            + "fills its own share and every other tenant's new series still come in. 0: no cap.");
    public static final ConfigOption<String> INGEST_TENANT_LABEL =
            ConfigOptions.key("ingest.tenant-label").stringType().defaultValue("job")
                    .withDescription("The label whose value is a series' tenant for ingest.max-series-per-tenant "
                            + "(Prometheus' job: one scrape job).");

    // ---- features ----
    public static final ConfigOption<Duration> FEATURES_STEP =
            ConfigOptions.key("features.step").durationType().defaultValue(Duration.ofMinutes(1))
                    .withDescription("Grid step every series is resampled to. 1 m suits 15-30 s scrapes.");
    public static final ConfigOption<String> FEATURES_FILL =
            ConfigOptions.key("features.fill").stringType().defaultValue("linear")
                    .withDescription("How short gaps are filled: linear, previous, zero or none.");
    public static final ConfigOption<Duration> FEATURES_MAX_GAP =
            ConfigOptions.key("features.max-gap").durationType().defaultValue(Duration.ofMinutes(5))
                    .withDescription("Longer gaps are not filled: inventing 5+ minutes of data hides outages.");
    public static final ConfigOption<List<Integer>> FEATURES_WINDOWS =
            ConfigOptions.key("features.windows").intType().asList().defaultValues(5, 15, 60)
                    .withDescription("Rolling mean/std windows, in steps (5 m, 15 m, 1 h at the default step).");
    public static final ConfigOption<List<Integer>> FEATURES_LAGS =
            ConfigOptions.key("features.lags").intType().asList().defaultValues(1, 6, 12)
                    .withDescription("Lag features, in steps (the seed's lags 1/6/12).");
    public static final ConfigOption<Double> FEATURES_EWMA_ALPHA =
            ConfigOptions.key("features.ewma-alpha").doubleType().defaultValue(0.3)
                    .withDescription("EWMA smoothing factor in (0, 1]; 0.3 weighs the last ~5 steps.");
    public static final ConfigOption<Duration> FEATURES_SERIES_EXPIRY =
            ConfigOptions.key("features.series-expiry").durationType().defaultValue(Duration.ofHours(2))
                    .withDescription("A series silent this long (event time) is closed and its state dropped.");
    public static final ConfigOption<List<String>> FEATURES_COUNTER_SUFFIXES =
            ConfigOptions.key("features.counter-suffixes").stringType().asList()
                    .defaultValues("_total", "_count", "_sum", "_bucket")
                    .withDescription("Metric name suffixes of Prometheus counters; they become per-second rates.");

    // ---- detect ----
    public static final ConfigOption<Double> DETECT_THRESHOLD =
            ConfigOptions.key("detect.threshold").doubleType().defaultValue(0.5)
                    .withDescription("Combined score at or above which a point is anomalous.");


    public static final ConfigOption<Boolean> CALIBRATION_ENABLED =
            ConfigOptions.key("detect.calibration.enabled").booleanType().defaultValue(true)
                    .withDescription("Map each detector's deviations to per-series tail probabilities "
                            + "(peaks over threshold); off = each detector's own score scale.");
    public static final ConfigOption<Double> CALIBRATION_TAIL =
            ConfigOptions.key("detect.calibration.tail-threshold").doubleType().defaultValue(3.0)
                    .withDescription("Deviation (detector sigma units) above which a point is a peak whose "
                            + "excess shapes the fitted tail.");
    public static final ConfigOption<Double> CALIBRATION_PRIOR =
            ConfigOptions.key("detect.calibration.prior-weight").doubleType().defaultValue(300.0)
                    .withDescription("Points' worth of belief in the detector's nominal Gaussian tail before "
                            + "the series' own peaks take over.");
    public static final ConfigOption<Double> CALIBRATION_PRIOR_PEAKS =
            ConfigOptions.key("detect.calibration.prior-peaks").doubleType().defaultValue(4.0)
                    .withDescription("Peaks' worth of belief in the cautious prior tail shape before the series' "
                            + "first peak; it fades to none by the 16th, so a light-tailed series earns "
                            + "sensitivity from its first few peaks.");
    public static final ConfigOption<Double> CALIBRATION_HALF_LIFE =
            ConfigOptions.key("detect.calibration.half-life").doubleType().defaultValue(20000.0)
                    .withDescription("Points after which a past observation counts half (the tail follows drift).");
    public static final ConfigOption<Double> CALIBRATION_BUDGET =
            ConfigOptions.key("detect.calibration.false-alarms-per-day").doubleType().defaultValue(0.1)
                    .withDescription("False alarms (anomaly onsets) a day one normal series may produce at "
                            + "detect.threshold 0.5: sets the tail probability that scores 0.5 from the series' "
                            + "own interval.");
    public static final ConfigOption<Double> CALIBRATION_EXCLUDE =
            ConfigOptions.key("detect.calibration.exclude-above").doubleType().defaultValue(0.6)
                    .withDescription("Calibrated score from which a point is an anomaly the tail must not learn "
                            + "(SPOT's rule); above detect.threshold, so a heavy-tailed series can still learn "
                            + "its tail.");
    public static final ConfigOption<String> CONTROLS_PERSISTENCE =
            ConfigOptions.key("detect.controls.persistence").stringType().defaultValue("1/1")
                    .withDescription("k/n: a series is anomalous only when k of its last n points qualify.");
    public static final ConfigOption<Double> CONTROLS_CLOSE =
            ConfigOptions.key("detect.controls.close-threshold").doubleType().defaultValue(-1.0)
                    .withDescription("Score below which an anomalous series is quiet again (hysteresis); "
                            + "-1 = detect.threshold (none).");
    public static final ConfigOption<Double> CONTROLS_MIN_DEVIATION =
            ConfigOptions.key("detect.controls.min-deviation").doubleType().defaultValue(0.0)
                    .withDescription("Smallest |value - expected| that counts, in the series' own units.");
    public static final ConfigOption<Double> CONTROLS_MIN_RELATIVE =
            ConfigOptions.key("detect.controls.min-relative-deviation").doubleType().defaultValue(0.0)
                    .withDescription("Smallest |value - expected| / |expected| that counts.");
    public static final ConfigOption<String> CONTROLS_DIRECTION =
            ConfigOptions.key("detect.controls.direction").stringType().defaultValue("both")
                    .withDescription("both, up (spikes only) or down (dips only).");
    public static final ConfigOption<Duration> CONTROLS_REFRACTORY =
            ConfigOptions.key("detect.controls.refractory").durationType().defaultValue(Duration.ofHours(1))
                    .withDescription("After a series' anomaly ends, how long a new one may not open unless it is "
                            + "stronger than the last: one alarm per onset, not one per flap of a long anomaly.");
    public static final ConfigOption<String> CONTROLS_RULES =
            ConfigOptions.key("detect.controls.rules").stringType().defaultValue("")
                    .withDescription("YAML file of per-selector rules and maintenance/holiday windows "
                            + "(see ControlRulesFile).");

    public static final ConfigOption<String> MODELS =
            ConfigOptions.key("detect.models").stringType().defaultValue("")
                    .withDescription("Model store written by 'vigil train' (a directory or any URI Flink's file "
                            + "systems read, e.g. s3://bucket/vigil-models): a series the job has no state for "
                            + "starts from its models there, and a newer version published while the job runs is "
                            + "taken up at each series' next point. Empty: every series learns from the stream.");
    public static final ConfigOption<Duration> MODELS_RELOAD =
            ConfigOptions.key("detect.models-reload-every").durationType().defaultValue(Duration.ofMinutes(1))
                    .withDescription("How often a running job looks for a newer version in detect.models.");

    // ---- correlate ----
    public static final ConfigOption<List<String>> CORRELATE_SCOPE =
            ConfigOptions.key("correlate.scope-labels").stringType().asList().noDefaultValue()
                    .withDescription("Labels whose values form an incident scope (e.g. cluster, namespace). "
                            + "Empty: one scope for everything.");
    public static final ConfigOption<Duration> CORRELATE_GAP =
            ConfigOptions.key("correlate.session-gap").durationType().defaultValue(Duration.ofMinutes(10))
                    .withDescription("An incident stays open while its series' anomalies come closer than this in "
                            + "event time (at least two grid steps).");
    public static final ConfigOption<Duration> CORRELATE_JOIN_GAP =
            ConfigOptions.key("correlate.join-gap").durationType().defaultValue(Duration.ofMinutes(3))
                    .withDescription("A series not yet in an open incident joins it only this soon after the "
                            + "incident's last anomaly (at least two grid steps, at most the session gap); later it "
                            + "opens a new incident. The incident's own series keep it open for the session gap.");
    public static final ConfigOption<List<String>> CORRELATE_SERVICE_LABELS =
            ConfigOptions.key("correlate.service-labels").stringType().asList().defaultValues("service", "job")
                    .withDescription("Labels naming a series' service, first present wins.");
    public static final ConfigOption<String> CORRELATE_SERVICES =
            ConfigOptions.key("correlate.services").stringType().defaultValue("")
                    .withDescription("services.yaml: who calls whom, for root-cause ranking; reloaded when the "
                            + "file changes. Empty: edges are inferred from anomaly onset order.");
    public static final ConfigOption<Duration> CORRELATE_CHANGE_LOOK_BACK =
            ConfigOptions.key("correlate.change-look-back").durationType().defaultValue(Duration.ofMinutes(30))
                    .withDescription("A deploy or config change this long before an incident counts as evidence.");
    public static final ConfigOption<Double> CORRELATE_EVIDENCE =
            ConfigOptions.key("correlate.evidence-score").doubleType().defaultValue(0.4)
                    .withDescription("Points below the anomaly threshold but scoring at least this are a silent "
                            + "service's evidence for root-cause ranking (they never open incidents).");

    // ---- alert ----
    public static final ConfigOption<String> ALERT_NAME =
            ConfigOptions.key("alert.name").stringType().defaultValue("VigilIncident");
    public static final ConfigOption<String> ALERT_MIN_SEVERITY =
            ConfigOptions.key("alert.min-severity").stringType().defaultValue("warning")
                    .withDescription("Incidents below this severity are logged, not alerted: info, warning, critical.");
    public static final ConfigOption<Duration> ALERT_RATE_LIMIT =
            ConfigOptions.key("alert.rate-limit").durationType().defaultValue(Duration.ofMinutes(15))
                    .withDescription("At most one new firing alert per fingerprint in this much event time.");
    public static final ConfigOption<Duration> ALERT_HEARTBEAT =
            ConfigOptions.key("alert.heartbeat-interval").durationType().defaultValue(Duration.ofMinutes(1))
                    .withDescription("The streaming job writes a VigilHeartbeat alert this often (processing time), "
                            + "valid for three intervals: a dead man's switch downstream. 0 disables it.");
    public static final ConfigOption<Double> ALERT_CRITICAL_AT =
            ConfigOptions.key("alert.critical-at").doubleType().defaultValue(0.75);
    public static final ConfigOption<Double> ALERT_WARNING_AT =
            ConfigOptions.key("alert.warning-at").doubleType().defaultValue(0.40);
    public static final ConfigOption<Double> ALERT_W_SCORE =
            ConfigOptions.key("alert.weights.score").doubleType().defaultValue(0.4);
    public static final ConfigOption<Double> ALERT_W_AFFECTED =
            ConfigOptions.key("alert.weights.affected").doubleType().defaultValue(0.25);
    public static final ConfigOption<Double> ALERT_W_DURATION =
            ConfigOptions.key("alert.weights.duration").doubleType().defaultValue(0.2);
    public static final ConfigOption<Double> ALERT_W_ROOT_CAUSE =
            ConfigOptions.key("alert.weights.root-cause").doubleType().defaultValue(0.15);
    public static final ConfigOption<Integer> ALERT_AFFECTED_FULL =
            ConfigOptions.key("alert.affected-full").intType().defaultValue(5)
                    .withDescription("Affected series at which the 'affected' factor reaches 1.");
    public static final ConfigOption<Duration> ALERT_DURATION_FULL =
            ConfigOptions.key("alert.duration-full").durationType().defaultValue(Duration.ofMinutes(15))
                    .withDescription("Incident duration at which the 'duration' factor reaches 1.");

    // ---- job ----
    public static final ConfigOption<Integer> JOB_PARALLELISM =
            ConfigOptions.key("job.parallelism").intType().defaultValue(-1)
                    .withDescription("Operator parallelism, over the cluster's; -1: the cluster's (parallelism.default, "
                            + "flink run -p, the REST request's).");
    public static final ConfigOption<Integer> JOB_MAX_PARALLELISM =
            ConfigOptions.key("job.max-parallelism").intType().defaultValue(-1)
                    .withDescription("Key groups, over the cluster's pipeline.max-parallelism; fixed for the life of "
                            + "the job's state. -1: the cluster's, else 128.");
    public static final ConfigOption<Duration> JOB_CHECKPOINT_INTERVAL =
            ConfigOptions.key("job.checkpoint-interval").durationType().defaultValue(Duration.ZERO)
                    .withDescription("Checkpoint interval, over the cluster's execution.checkpointing.interval "
                            + "(exactly-once output becomes visible at each checkpoint). 0: the cluster's, else 10s.");

    // ---- bridge (vigil bridge: Prometheus remote_write -> Kafka) ----
    public static final ConfigOption<String> BRIDGE_LISTEN =
            ConfigOptions.key("bridge.listen").stringType().defaultValue("0.0.0.0:9201")
                    .withDescription("host:port the bridge listens on; Prometheus posts to /api/v1/write.");
    public static final ConfigOption<String> BRIDGE_TOPIC =
            ConfigOptions.key("bridge.topic").stringType().defaultValue("")
                    .withDescription("Topic the bridge writes; empty: the first of kafka.topics.metrics, so the job "
                            + "reads it with no further setting.");
    public static final ConfigOption<String> BRIDGE_BEARER_FILE =
            ConfigOptions.key("bridge.auth.bearer-token-file").stringType().defaultValue("")
                    .withDescription("File holding the token Prometheus must send (authorization.credentials_file).");
    public static final ConfigOption<String> BRIDGE_BASIC_USER =
            ConfigOptions.key("bridge.auth.basic-user").stringType().defaultValue("")
                    .withDescription("Basic-auth user name (with bridge.auth.basic-password-file).");
    public static final ConfigOption<String> BRIDGE_BASIC_PASSWORD_FILE =
            ConfigOptions.key("bridge.auth.basic-password-file").stringType().defaultValue("")
                    .withDescription("File holding the basic-auth password.");
    public static final ConfigOption<String> BRIDGE_TLS_CERT =
            ConfigOptions.key("bridge.tls.cert-file").stringType().defaultValue("")
                    .withDescription("PEM certificate chain; with bridge.tls.key-file the bridge serves HTTPS only.");
    public static final ConfigOption<String> BRIDGE_TLS_KEY =
            ConfigOptions.key("bridge.tls.key-file").stringType().defaultValue("")
                    .withDescription("PEM PKCS#8 private key (BEGIN PRIVATE KEY), RSA or EC.");
    public static final ConfigOption<Integer> BRIDGE_MAX_BODY =
            ConfigOptions.key("bridge.limits.max-body-bytes").intType().defaultValue(16 << 20)
                    .withDescription("Largest compressed body (413 above); Prometheus sends ~30-200 KB.");
    public static final ConfigOption<Integer> BRIDGE_MAX_DECODED =
            ConfigOptions.key("bridge.limits.max-decoded-bytes").intType().defaultValue(64 << 20)
                    .withDescription("Largest body once decompressed (413 above): a guard against snappy bombs.");
    public static final ConfigOption<Integer> BRIDGE_MAX_SERIES =
            ConfigOptions.key("bridge.limits.max-series-per-request").intType().defaultValue(50_000)
                    .withDescription("Series in one request (413 above); Prometheus sends max_samples_per_send (500-2000).");
    public static final ConfigOption<Integer> BRIDGE_MAX_LABELS =
            ConfigOptions.key("bridge.limits.max-labels-per-series").intType().defaultValue(40)
                    .withDescription("Labels per series, __name__ included; a series above is rejected (400).");
    public static final ConfigOption<Integer> BRIDGE_MAX_NAME_LENGTH =
            ConfigOptions.key("bridge.limits.max-label-name-length").intType().defaultValue(1024);
    public static final ConfigOption<Integer> BRIDGE_MAX_VALUE_LENGTH =
            ConfigOptions.key("bridge.limits.max-label-value-length").intType().defaultValue(2048);
    public static final ConfigOption<Integer> BRIDGE_NEW_SERIES_RATE =
            ConfigOptions.key("bridge.limits.new-series-per-minute").intType().defaultValue(10_000)
                    .withDescription("Series not seen within bridge.limits.series-ttl admitted per minute, after the burst; "
                            + "beyond it new series are rejected (400) and counted, known ones still flow.");
    public static final ConfigOption<Integer> BRIDGE_NEW_SERIES_BURST =
            ConfigOptions.key("bridge.limits.new-series-burst").intType().defaultValue(200_000)
                    .withDescription("New series admitted at once (a Prometheus starting up sends all its series).");
    public static final ConfigOption<Duration> BRIDGE_SERIES_TTL =
            ConfigOptions.key("bridge.limits.series-ttl").durationType().defaultValue(Duration.ofHours(1))
                    .withDescription("A series unseen this long counts as new again.");
    public static final ConfigOption<Duration> BRIDGE_KAFKA_TIMEOUT =
            ConfigOptions.key("bridge.kafka-timeout").durationType().defaultValue(Duration.ofSeconds(10))
                    .withDescription("How long a request waits for Kafka before answering 503 (Prometheus retries).");
    public static final ConfigOption<Integer> BRIDGE_THREADS =
            ConfigOptions.key("bridge.threads").intType().defaultValue(16)
                    .withDescription("Requests handled at once (Prometheus sends one per shard).");
    public static final ConfigOption<Duration> BRIDGE_SHUTDOWN_GRACE =
            ConfigOptions.key("bridge.shutdown-grace").durationType().defaultValue(Duration.ofSeconds(20))
                    .withDescription("On SIGTERM: how long requests in flight may finish before the final flush.");

    // ---- notify (vigil notify: the alerts topic -> PagerDuty, Slack, Alertmanager) ----
    public static final ConfigOption<String> NOTIFY_GROUP =
            ConfigOptions.key("notify.group").stringType().defaultValue("vigil-notify")
                    .withDescription("The notifier's consumer group; its committed offsets are what a restart resumes from.");
    public static final ConfigOption<String> NOTIFY_DEAD_LETTER_TOPIC =
            ConfigOptions.key("notify.dead-letter-topic").stringType().defaultValue("vigil.notify.deadletter")
                    .withDescription("Where deliveries a channel rejected (4xx) and unreadable alerts go.");
    public static final ConfigOption<String> NOTIFY_PAGERDUTY_URL =
            ConfigOptions.key("notify.pagerduty.url").stringType().defaultValue("https://events.pagerduty.com/v2/enqueue")
                    .withDescription("PagerDuty Events API v2 endpoint.");
    public static final ConfigOption<String> NOTIFY_PAGERDUTY_KEY_FILE =
            ConfigOptions.key("notify.pagerduty.routing-key-file").stringType().defaultValue("")
                    .withDescription("File holding the routing key; empty: $VIGIL_PAGERDUTY_ROUTING_KEY, else no PagerDuty.");
    public static final ConfigOption<String> NOTIFY_SLACK_WEBHOOK_FILE =
            ConfigOptions.key("notify.slack.webhook-file").stringType().defaultValue("")
                    .withDescription("File holding the Slack webhook URL; empty: $VIGIL_SLACK_WEBHOOK_URL, else no Slack.");
    public static final ConfigOption<Integer> NOTIFY_PAGERDUTY_PER_MINUTE =
            ConfigOptions.key("notify.pagerduty.per-minute").intType().defaultValue(DeliveryRate.PAGERDUTY.perMinute())
                    .withDescription("Events posted to PagerDuty per minute at most (its Events API takes 120 a "
                            + "minute per routing key); more wait their turn, none is dropped. 0: no limit.");
    public static final ConfigOption<Integer> NOTIFY_PAGERDUTY_BURST =
            ConfigOptions.key("notify.pagerduty.burst").intType().defaultValue(DeliveryRate.PAGERDUTY.burst())
                    .withDescription("Events posted at once after a quiet spell, before the per-minute pace applies.");
    public static final ConfigOption<Integer> NOTIFY_SLACK_PER_MINUTE =
            ConfigOptions.key("notify.slack.per-minute").intType().defaultValue(DeliveryRate.SLACK.perMinute())
                    .withDescription("Messages posted to Slack per minute at most (Slack allows about one a second "
                            + "per webhook); more wait their turn, none is dropped. 0: no limit.");
    public static final ConfigOption<Integer> NOTIFY_SLACK_BURST =
            ConfigOptions.key("notify.slack.burst").intType().defaultValue(DeliveryRate.SLACK.burst())
                    .withDescription("Messages posted at once after a quiet spell.");
    public static final ConfigOption<String> NOTIFY_ALERTMANAGER_URL =
            ConfigOptions.key("notify.alertmanager.url").stringType().defaultValue("")
                    .withDescription("Alertmanager base URL, path prefix included (http://am:9093/prefix posts to "
                            + "/prefix/api/v2/alerts); empty: no Alertmanager.");
    public static final ConfigOption<Duration> NOTIFY_ALERTMANAGER_RESEND =
            ConfigOptions.key("notify.alertmanager.resend-interval").durationType().defaultValue(Duration.ofMinutes(1))
                    .withDescription("Firing alerts are re-sent this often, each valid for four intervals: Alertmanager "
                            + "resolves an alert nobody re-sends (resolve_timeout, 5 min by default), and a stopped "
                            + "notifier's alerts end by themselves four intervals later.");
    public static final ConfigOption<String> NOTIFY_GENERATOR_URL =
            ConfigOptions.key("notify.alertmanager.generator-url").stringType().defaultValue("")
                    .withDescription("Alertmanager's generatorURL (its 'Source' link) when an alert carries none; "
                            + "{incident}, {service}, {fingerprint} are filled in. Empty: the first of notify.links.");
    public static final ConfigOption<List<String>> NOTIFY_ROUTES =
            ConfigOptions.key("notify.routes").stringType().asList().noDefaultValue()
                    .withDescription("label=value[,label=value]:channel[+channel] rules (pagerduty, slack, "
                            + "alertmanager, none), first match wins, before the severity routing.");
    public static final ConfigOption<List<String>> NOTIFY_LINKS =
            ConfigOptions.key("notify.links").stringType().asList().noDefaultValue()
                    .withDescription("NAME=URL links shown in Slack and PagerDuty; {incident}, {service}, {fingerprint} "
                            + "are filled in.");
    public static final ConfigOption<Integer> NOTIFY_HEALTH_PORT =
            ConfigOptions.key("notify.health-port").intType().defaultValue(9251)
                    .withDescription("Port for /health and /metrics; 0: off.");

    /** Prefix whose keys pass through to the Kafka clients unchanged (security, tuning). */
    public static final String KAFKA_PROPERTIES_PREFIX = "kafka.properties.";

    /** Every option above, found by reflection so that no list is kept in step by hand. */
    public static final List<ConfigOption<?>> CORE = declaredOptions();

    private static List<ConfigOption<?>> declaredOptions() {
        List<ConfigOption<?>> out = new ArrayList<>();
        for (Field f : VigilOptions.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == ConfigOption.class) {
                try {
                    out.add((ConfigOption<?>) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return List.copyOf(out);
    }
}
