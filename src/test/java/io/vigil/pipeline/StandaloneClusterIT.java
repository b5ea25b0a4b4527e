package io.vigil.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testing.ChildProcesses;
import io.vigil.testing.CliRun;
import io.vigil.testing.KafkaBrokerProcess;
import io.vigil.testing.OutputLines;
import io.vigil.testing.SpikeScenario;
import io.vigil.testing.SpikeScenario.Row;
import io.vigil.testing.SpikeScenario.Spike;
import io.vigil.testing.StandaloneFlink;
import io.vigil.testing.TopicReader;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

/**
 * Vigil deployed as users deploy it: {@code target/vigil.jar} uploaded over REST to a Flink 2.2
 * standalone session cluster (a JobManager and a TaskManager with two slots, each its own JVM,
 * configured from {@code flink-conf/config.yaml}: RocksDB, checkpoints and savepoints on disk),
 * reading and writing a Kafka broker that runs in a JVM of its own.
 *
 * <p>Four hours of the spike scenario with two spikes, in two batches. The first three hours (spike
 * A at minute 120) go to the first run; once its first alert is committed the job is stopped with
 * a savepoint and submitted again from it, and the last hour (spike B at minute 198, 18 steps into
 * the batch) goes to the resumed run. The resumed job must have restored the savepoint (REST
 * checkpoint statistics) and be warm: spike B comes before a cold job's detectors have the history
 * to score (the same hour replayed alone finds nothing). Across both runs the alerts topic, read
 * with {@code read_committed}, must hold each alert transition of an uninterrupted in-memory replay
 * of the four hours exactly once, and the dead letters exactly the malformed records fed in both
 * batches. Neither run may have restarted. The steps' timings are printed. With
 * {@code -Dvigil.it.first-jar=PATH} the first run is another build's jar, so the same checks show
 * this build upgrading from that one through its savepoint.
 *
 * <p>Work directory, logs included: {@code target/standalone-cluster-it}.
 */
@Tag("reliability")
class StandaloneClusterIT {
    @RegisterExtension
    static final ChildProcesses PROCESSES = new ChildProcesses();

    static final Path WORK = Path.of("target", "standalone-cluster-it").toAbsolutePath();
    static final Path JAR = Path.of("target", "vigil.jar").toAbsolutePath();
    /**
     * The jar of the first run: this build's unless {@code -Dvigil.it.first-jar=PATH} names another
     * (an earlier release's), so the resumed run shows this build restoring that one's savepoint.
     */
    static final Path FIRST_JAR = Path.of(System.getProperty("vigil.it.first-jar", JAR.toString())).toAbsolutePath();

    static final String METRICS = "cluster-it-metrics";
    static final String ALERTS = "cluster-it-alerts";
    static final String DEAD_LETTERS = "cluster-it-deadletter";
    static final List<String> OUTPUTS = List.of("cluster-it-anomalies", "cluster-it-incidents", ALERTS, DEAD_LETTERS);

    static final Spike SPIKE_A = new Spike(120, 128);
    static final Spike SPIKE_B = new Spike(198, 206);
    /** The first run's batch ends, and the resumed run's begins, here. */
    static final int RESUME_MIN = 180;
    static final List<Row> ROWS = SpikeScenario.rows(11, 240, List.of(SPIKE_A, SPIKE_B));

    /** Generous: the machine's two cores may be busy with other builds (cluster start then takes ~50 s, not 18). */
    static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(120);
    static final Map<String, Double> TIMINGS = new LinkedHashMap<>();
    static final long BEGAN = System.nanoTime();

    static KafkaBrokerProcess kafka;
    static StandaloneFlink flink;

    @BeforeAll
    static void startKafkaAndFlink() throws Exception {
        assertThat(JAR).as("the shaded job jar (mvn package)").isRegularFile();
        deleteRecursively(WORK);
        long t = System.nanoTime();
        long[] kafkaReady = new long[1];
        CompletableFuture<KafkaBrokerProcess> broker = CompletableFuture.supplyAsync(() -> {
            try {
                var started = KafkaBrokerProcess.start(WORK.resolve("kafka"), PROCESSES).awaitReady(START_TIMEOUT);
                kafkaReady[0] = System.nanoTime();
                return started;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        flink = StandaloneFlink.start(WORK.resolve("flink"), Path.of("flink-conf", "config.yaml"), PROCESSES)
                .awaitReady(1, 2, START_TIMEOUT);
        took("Flink cluster ready (JobManager, TaskManager with 2 slots)", t);
        kafka = broker.join();
        record("Kafka broker ready (formatted and started alongside)", round(kafkaReady[0] - t));
        kafka.createTopics(2, List.of(METRICS));
        kafka.createTopics(1, OUTPUTS);
        took("cluster ready (both, topics created)", t);
    }

    @Test
    void jar_stopWithSavepointAndResume_warmAlertsOnceAndDeadLettersKept() throws Exception {
        Path config = writeVigilConfig();
        List<String> args = List.of("--config", config.toString());

        long t = System.nanoTime();
        String jar = flink.uploadJar(JAR);
        String firstJar = FIRST_JAR.equals(JAR) ? jar : flink.uploadJar(FIRST_JAR);
        took("upload", t);

        t = System.nanoTime();
        // No parallelism in the request, as the web UI sends it: the cluster's config.yaml (2) must hold.
        String first = flink.runJar(firstJar, args, null, null);
        JsonNode job = flink.awaitRunning(first, STEP_TIMEOUT);
        took("run (submitted until every task runs)", t);
        assertThat(job.path("vertices")).extracting(v -> v.path("parallelism").asInt()).as("the cluster's parallelism.default, the request naming none")
                .contains(2).allSatisfy(p -> assertThat(p).isBetween(1, 2));

        t = System.nanoTime();
        List<String> malformedFirst = List.of(
                "{\"timestamp\":\"2026-11-20T09:10:00Z\",\"value\":",
                "{\"timestamp\":\"2026-11-20T09:20:00Z\",\"value\":\"+Inf\",\"name\":\"q\"}",
                "{\"value\":\"1\",\"name\":\"q\"}");
        feed(ROWS.stream().filter(r -> r.timestampMs() < SpikeScenario.minuteMs(RESUME_MIN)).toList(),
                malformedFirst.stream().map(m -> m.getBytes(StandardCharsets.UTF_8)).toList(), new Random(3));
        awaitAlerts(first, 1);
        took("first alert (fed until committed on the alerts topic)", t);

        t = System.nanoTime();
        String savepoint = flink.stopWithSavepoint(first, flink.savepointDir(), STEP_TIMEOUT);
        took("stop with savepoint", t);
        System.out.println("standalone cluster: alerts committed by the first run: " + incidentAlerts());

        t = System.nanoTime();
        String resumed = flink.runJar(jar, args, 2, savepoint);
        flink.awaitRunning(resumed, STEP_TIMEOUT);
        JsonNode restored = flink.awaitRestored(resumed, STEP_TIMEOUT);
        took("resume from the savepoint (submitted until every task runs)", t);
        assertThat(restored.path("is_savepoint").asBoolean()).as("restored from a savepoint: " + restored).isTrue();
        assertThat(restored.path("external_path").asText()).isEqualTo(savepoint);

        t = System.nanoTime();
        byte[] binary = {(byte) 0xff, (byte) 0xfe, 0x00, 0x13};
        String nameless = "{\"timestamp\":\"2026-11-20T12:30:00Z\",\"value\":\"0.5\",\"labels\":{\"service\":\"db\"}}";
        feed(ROWS.stream().filter(r -> r.timestampMs() >= SpikeScenario.minuteMs(RESUME_MIN)).toList(),
                List.of(binary, nameless.getBytes(StandardCharsets.UTF_8)), new Random(4));
        List<AlertKey> expected = replayedAlerts(ROWS, "warm");
        awaitAlerts(resumed, expected.size());
        took("alerts of the second batch", t);

        t = System.nanoTime();
        flink.stopWithSavepoint(resumed, flink.savepointDir(), STEP_TIMEOUT);
        took("final stop with savepoint", t);
        TIMINGS.put("total", seconds(BEGAN));
        System.out.println("standalone cluster timings (s): " + TIMINGS);
        System.out.println("standalone cluster: alerts committed by both runs: " + incidentAlerts() + "; heartbeats: "
                + OutputLines.parse(TopicReader.readCommitted(kafka.bootstrapServers(), ALERTS)).stream()
                        .filter(a -> a.path("labels").path("alertname").asText().equals("VigilHeartbeat")).count());

        // Both spikes, each alert firing and then resolved, as an uninterrupted run raises them ...
        assertThat(expected).extracting(AlertKey::status).containsExactly("firing", "resolved", "firing", "resolved");
        assertThat(expected.get(2).startsAt()).as("spike B's alert").isGreaterThanOrEqualTo(
                SpikeScenario.minuteMs(SPIKE_B.startMin())).isLessThan(SpikeScenario.minuteMs(SPIKE_B.endMin()));
        // ... which a job starting cold with the second batch could not: its detectors are still warming up.
        assertThat(replayedAlerts(ROWS.stream().filter(r -> r.timestampMs() >= SpikeScenario.minuteMs(RESUME_MIN))
                .toList(), "cold")).as("alerts of a cold job on the second batch").isEmpty();
        // Across the stop and the resume: every transition exactly once, none lost, none repeated.
        assertThat(incidentAlerts()).containsExactlyInAnyOrderElementsOf(expected);

        List<JsonNode> dead = OutputLines.parse(TopicReader.readCommitted(kafka.bootstrapServers(), DEAD_LETTERS));
        assertThat(dead).allSatisfy(d -> {
            assertThat(d.path("stage").asText()).isEqualTo("ingest-parse");
            assertThat(d.path("topic").asText()).isEqualTo(METRICS);
        });
        assertThat(dead).extracting(d -> d.path("payload").asText()).containsExactlyInAnyOrderElementsOf(
                Stream.concat(malformedFirst.stream(), Stream.of(Base64.getEncoder().encodeToString(binary), nameless))
                        .toList());

        assertThat(flink.exceptions(first)).as("failures of the first run").isEmpty();
        assertThat(flink.exceptions(resumed)).as("failures of the resumed run").isEmpty();
    }

    /**
     * Faults under a running job, as real processes meet them: the TaskManager's JVM is killed
     * (SIGKILL) after the first alert and a new one takes its place, then the Kafka broker is
     * restarted while the job reads and writes. Flink restarts the job from its last checkpoint each
     * time. The alerts and anomalies topics ({@code read_committed}) must then hold exactly what an
     * uninterrupted run raises, each once, and the dead letters exactly the malformed records fed.
     */
    @Test
    void taskManagerKilledAndBrokerRestarted_midStream_nothingLostNothingDoubled() throws Exception {
        String name = "faults";
        Path config = writeVigilConfig(name);
        kafka.createTopics(2, List.of(name + "-metrics"));
        kafka.createTopics(1, List.of(name + "-anomalies", name + "-incidents", name + "-alerts", name + "-deadletter"));
        String jar = flink.uploadJar(JAR);
        String job = flink.runJar(jar, List.of("--config", config.toString()), null, null);
        flink.awaitRunning(job, STEP_TIMEOUT);

        long t = System.nanoTime();
        List<String> malformed = List.of("{\"timestamp\":\"2026-11-20T09:10:00Z\",\"value\":",
                "{\"value\":\"1\",\"name\":\"q\"}", "{\"timestamp\":\"2026-11-20T13:20:00Z\",\"value\":\"-Inf\",\"name\":\"q\"}");
        List<Row> first = ROWS.stream().filter(r -> r.timestampMs() < SpikeScenario.minuteMs(RESUME_MIN)).toList();
        List<Row> second = ROWS.stream().filter(r -> r.timestampMs() >= SpikeScenario.minuteMs(RESUME_MIN)).toList();
        feed(name + "-metrics", first, List.of(malformed.get(0).getBytes(StandardCharsets.UTF_8),
                malformed.get(1).getBytes(StandardCharsets.UTF_8)), new Random(5));
        awaitAlerts(job, name + "-alerts", 1, true);
        took("faults: first alert", t);

        // The second batch goes in while the faults happen: 20 slices a quarter of a second apart.
        t = System.nanoTime();
        CompletableFuture<Void> feeding = CompletableFuture.runAsync(() -> {
            int slices = 20;
            for (int i = 0; i < slices; i++) {
                List<Row> slice = second.subList(i * second.size() / slices, (i + 1) * second.size() / slices);
                feed(name + "-metrics", slice, i == slices / 2 ? List.of(malformed.get(2).getBytes(StandardCharsets.UTF_8))
                        : List.of(), new Random(6 + i));
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });
        flink.killTaskManager();
        flink.startTaskManager();
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (flink.exceptions(job).isEmpty()) {
            assertThat(System.nanoTime()).as("the job notices its TaskManager gone").isLessThan(deadline);
            Thread.sleep(500);
        }
        flink.awaitRunning(job, STEP_TIMEOUT);
        took("faults: TaskManager killed mid-stream, a new one started, the job running again", t);

        t = System.nanoTime();
        kafka.restart();
        kafka.awaitReady(START_TIMEOUT);
        took("faults: Kafka broker restarted", t);
        feeding.get(STEP_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);

        t = System.nanoTime();
        Path uninterrupted = replay(ROWS, name, config);
        List<AlertKey> expected = OutputLines.parse(Files.readAllLines(uninterrupted.resolve("alerts.jsonl"))).stream()
                .map(AlertKey::of).toList();
        awaitAlerts(job, name + "-alerts", expected.size(), false);
        flink.awaitRunning(job, STEP_TIMEOUT);
        took("faults: every alert of the second batch", t);

        int failures = flink.exceptions(job).size();
        t = System.nanoTime();
        flink.stopWithSavepoint(job, flink.savepointDir(), STEP_TIMEOUT);
        took("faults: stop", t);
        int anomalies = assertAsUninterrupted(name, uninterrupted, expected, malformed);
        System.out.println("standalone cluster: faults: " + failures + " failure(s) recovered from; " + anomalies
                + " anomalies and " + expected.size() + " alert transitions, each once; " + malformed.size()
                + " dead letters");
    }

    /**
     * The JobManager's JVM killed (SIGKILL) after the first alert: without HA its job is gone, but
     * its checkpoints stay (the shipped config retains them). A new JobManager starts, the job is
     * submitted again from the newest retained checkpoint, and the second batch goes to it. The
     * topics must hold exactly what an uninterrupted run raises, each once.
     */
    @Test
    void jobManagerLost_resubmittedFromItsLastCheckpoint_nothingLostNothingDoubled() throws Exception {
        String name = "jm-loss";
        Path config = writeVigilConfig(name);
        kafka.createTopics(2, List.of(name + "-metrics"));
        kafka.createTopics(1, List.of(name + "-anomalies", name + "-incidents", name + "-alerts", name + "-deadletter"));
        List<String> args = List.of("--config", config.toString());
        String job = flink.runJar(flink.uploadJar(JAR), args, null, null);
        flink.awaitRunning(job, STEP_TIMEOUT);

        long t = System.nanoTime();
        List<Row> first = ROWS.stream().filter(r -> r.timestampMs() < SpikeScenario.minuteMs(RESUME_MIN)).toList();
        List<Row> second = ROWS.stream().filter(r -> r.timestampMs() >= SpikeScenario.minuteMs(RESUME_MIN)).toList();
        String malformed = "{\"timestamp\":\"2026-11-20T09:10:00Z\",\"value\":";
        feed(name + "-metrics", first, List.of(malformed.getBytes(StandardCharsets.UTF_8)), new Random(7));
        awaitAlerts(job, name + "-alerts", 1, true);
        took("jm-loss: first alert", t);

        t = System.nanoTime();
        flink.killJobManager();
        flink.startJobManager();
        flink.awaitReady(1, 2, START_TIMEOUT);
        String checkpoint = flink.latestCheckpoint(job);
        String resumed = flink.runJar(flink.uploadJar(JAR), args, null, checkpoint);
        flink.awaitRunning(resumed, STEP_TIMEOUT);
        JsonNode restored = flink.awaitRestored(resumed, STEP_TIMEOUT);
        took("jm-loss: JobManager killed, a new one started, the job resubmitted from " + checkpoint, t);
        assertThat(restored.path("external_path").asText()).isEqualTo(checkpoint);

        t = System.nanoTime();
        feed(name + "-metrics", second, List.of(), new Random(8));
        Path uninterrupted = replay(ROWS, name, config);
        List<AlertKey> expected = OutputLines.parse(Files.readAllLines(uninterrupted.resolve("alerts.jsonl"))).stream()
                .map(AlertKey::of).toList();
        awaitAlerts(resumed, name + "-alerts", expected.size(), true);
        took("jm-loss: every alert of the second batch", t);
        flink.stopWithSavepoint(resumed, flink.savepointDir(), STEP_TIMEOUT);

        int anomalies = assertAsUninterrupted(name, uninterrupted, expected, List.of(malformed));
        System.out.println("standalone cluster: jm-loss: " + anomalies + " anomalies and " + expected.size()
                + " alert transitions, each once");
    }

    /**
     * The job {@code name}'s topics hold what the uninterrupted replay raised, each once: its alert
     * transitions (both spikes, firing and resolved) and anomalies; its dead letters are exactly the
     * malformed records fed. Returns how many anomalies there are.
     */
    private static int assertAsUninterrupted(String name, Path uninterrupted, List<AlertKey> expected,
            List<String> malformed) throws Exception {
        assertThat(expected).extracting(AlertKey::status).containsExactly("firing", "resolved", "firing", "resolved");
        assertThat(incidentAlerts(name + "-alerts")).containsExactlyInAnyOrderElementsOf(expected);
        List<String> anomalies = OutputLines.parse(TopicReader.readCommitted(kafka.bootstrapServers(), name + "-anomalies"))
                .stream().map(a -> a.path("series").asText() + "@" + a.path("timestamp").asText()).toList();
        List<String> replayed = OutputLines.parse(Files.readAllLines(uninterrupted.resolve("anomalies.jsonl"))).stream()
                .map(a -> a.path("series").asText() + "@" + a.path("timestamp").asText()).toList();
        assertThat(anomalies).as("anomalies, each once").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(replayed);
        assertThat(OutputLines.parse(TopicReader.readCommitted(kafka.bootstrapServers(), name + "-deadletter")))
                .extracting(d -> d.path("payload").asText()).containsExactlyInAnyOrderElementsOf(malformed);
        return anomalies.size();
    }

    /** One alert transition: which incident, firing or resolved, since when. */
    record AlertKey(String incidentId, String status, long startsAt) {
        static AlertKey of(JsonNode alert) {
            return new AlertKey(alert.path("incidentId").asText(), alert.path("status").asText(),
                    Instant.parse(alert.path("startsAt").asText()).toEpochMilli());
        }
    }

    /** The incident alerts committed so far (heartbeats left out: they come with wall time, not data). */
    private static List<AlertKey> incidentAlerts() {
        return incidentAlerts(ALERTS);
    }

    private static List<AlertKey> incidentAlerts(String topic) {
        return OutputLines.parse(TopicReader.readCommitted(kafka.bootstrapServers(), topic)).stream()
                .filter(a -> a.path("labels").path("alertname").asText().equals("VigilIncident"))
                .map(AlertKey::of).toList();
    }

    /** Waits until {@code count} incident alerts are committed, failing early when the job has failed. */
    private static void awaitAlerts(String jobId, int count) throws Exception {
        awaitAlerts(jobId, ALERTS, count, true);
    }

    /** The same on {@code topic}; {@code failFast}: a failure the job recovers from still fails the wait. */
    private static void awaitAlerts(String jobId, String topic, int count, boolean failFast) throws Exception {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        List<AlertKey> alerts = List.of();
        while (System.nanoTime() < deadline) {
            alerts = incidentAlerts(topic);
            if (alerts.size() >= count) {
                return;
            }
            JsonNode failures = flink.exceptions(jobId);
            if (failFast && !failures.isEmpty()) {
                throw new AssertionError("job " + jobId + " failed: " + failures.get(0).path("stacktrace").asText());
            }
            Thread.sleep(500);
        }
        throw new AssertionError(count + " alerts expected, " + alerts.size() + " after " + STEP_TIMEOUT + ": "
                + alerts + "; job " + flink.get("/jobs/" + jobId).path("state"));
    }

    /** The alerts {@code vigil replay --in-memory} (the job's classes, no Flink) raises on these rows. */
    private static List<AlertKey> replayedAlerts(List<Row> rows, String name) throws Exception {
        return OutputLines.parse(Files.readAllLines(replay(rows, name, WORK.resolve("cluster-it.yaml"))
                .resolve("alerts.jsonl"))).stream().map(AlertKey::of).toList();
    }

    /** Replays these rows in memory (the job's classes and settings, no Flink); returns the output directory. */
    private static Path replay(List<Row> rows, String name, Path config) throws Exception {
        Path dir = Files.createDirectories(WORK.resolve("replay-" + name));
        List<String> lines = new ArrayList<>();
        lines.add(SpikeScenario.adapterCsvHeader());
        rows.forEach(r -> lines.add(SpikeScenario.adapterCsv(r)));
        Path csv = dir.resolve("metrics.csv");
        Files.write(csv, lines, StandardCharsets.UTF_8);
        CliRun.ok("replay", "--input", csv.toString(), "--out", dir.resolve("out").toString(), "--config",
                config.toString(), "--in-memory");
        return dir.resolve("out");
    }

    /**
     * The job's settings: the shipped defaults but for the broker and topics and a 2 s checkpoint
     * interval (the exactly-once sinks show output at each checkpoint). The idleness is the
     * default's order of magnitude: on a loaded machine a consumer can go seconds without a fetch
     * from one partition while it reads the other, and a partition given up as idle has its next
     * samples called late.
     */
    private static Path writeVigilConfig() throws Exception {
        return writeVigilConfig("cluster-it");
    }

    /** The same for a job of its own: its topics, group and transactional ids all start with {@code name}. */
    private static Path writeVigilConfig(String name) throws Exception {
        Path file = WORK.resolve(name + ".yaml");
        Files.writeString(file, String.join("\n",
                "kafka:",
                "  bootstrap-servers: " + kafka.bootstrapServers(),
                "  group-id: vigil-" + name,
                "  topics:",
                "    metrics: [" + name + "-metrics]",
                "    anomalies: " + name + "-anomalies",
                "    incidents: " + name + "-incidents",
                "    alerts: " + name + "-alerts",
                "    deadletter: " + name + "-deadletter",
                "  transactional-id-prefix: vigil-" + name,
                "ingest:",
                "  idleness: 30s",
                "job:",
                "  checkpoint-interval: 2s",
                ""));
        return file;
    }

    /** Writes rows as the adapter does (no key, any partition) with the malformed records spread among them. */
    private static void feed(List<Row> rows, List<byte[]> malformed, Random random) {
        feed(METRICS, rows, malformed, random);
    }

    private static void feed(String topic, List<Row> rows, List<byte[]> malformed, Random random) {
        List<byte[]> values = new ArrayList<>();
        rows.forEach(r -> values.add(SpikeScenario.adapterJson(r).getBytes(StandardCharsets.UTF_8)));
        int gap = rows.size() / (malformed.size() + 1);
        for (int i = 0; i < malformed.size(); i++) {
            values.add((i + 1) * gap + i, malformed.get(i));
        }
        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[] v : values) {
                producer.send(new ProducerRecord<>(topic, random.nextInt(2), null, v));
            }
            producer.flush();
        }
    }

    private static void took(String step, long since) {
        record(step, seconds(since));
    }

    private static void record(String step, double s) {
        TIMINGS.put(step, s);
        System.out.printf("standalone cluster: %s %.1f s%n", step, s);
    }

    private static double seconds(long since) {
        return round(System.nanoTime() - since);
    }

    private static double round(long nanos) {
        return Math.round(nanos / 1e8) / 10.0;
    }

    private static void deleteRecursively(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
