package io.vigil.bench;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.pipeline.FlinkSettings;
import io.vigil.pipeline.KafkaIO;
import io.vigil.pipeline.PipelineOutputs;
import io.vigil.pipeline.VigilPipeline;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Vigil side of the bench, run as a child JVM: the job exactly as {@code vigil run} builds it
 * (Kafka source from the earliest offset, {@link VigilPipeline}, exactly-once Kafka sinks) on a
 * local Flink at the given parallelism, checkpointing at the job's default interval (10 s) with the
 * chosen state backend (RocksDB incremental, as {@code flink-conf/config.yaml}, or the heap),
 * checkpoints in a temporary directory. It measures its own CPU from the consumer group's committed
 * offsets first covering {@link BenchResult#WINDOW_START} of the samples (past the JIT's warm-up) to
 * the job's scoring settling once they cover all of them, reads the late
 * samples and the last completed checkpoint's full state size from the local cluster's REST API,
 * and prints one {@link BenchResult.Side} line.
 *
 * <p>Arguments: {@code BOOTSTRAP TOPIC EXPECTED_SAMPLES BACKEND PARALLELISM RUN_ID IDLENESS_MS},
 * BACKEND being {@code rocksdb} or {@code heap}.
 */
public final class VigilUnderTest {
    private static final Logger LOG = LoggerFactory.getLogger(VigilUnderTest.class);
    /** Managed memory of the local TaskManager (RocksDB's block cache and write buffers), as a 2 GB TM has. */
    private static final MemorySize MANAGED_MEMORY = MemorySize.parse("512m");
    private static final long POLL_MS = 100;
    private static final long ADMIN_TIMEOUT_S = 30;
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(180);
    /** Seconds without a newly scored point (the REST API refreshes every second) that mean the job is done. */
    private static final long SETTLE_S = 5;

    private VigilUnderTest() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 8) {
            throw new IllegalArgumentException("usage: VigilUnderTest BOOTSTRAP TOPIC EXPECTED_SAMPLES rocksdb|heap "
                    + "PARALLELISM RUN_ID IDLENESS_MS SAMPLES_PER_RECORD");
        }
        // The local cluster's non-daemon threads would keep this JVM alive after the job, failed or not.
        int exit = 1;
        try {
            BenchResult.Side side = run(args[0], args[1], Long.parseLong(args[2]), args[3],
                    Integer.parseInt(args[4]), args[5], Duration.ofMillis(Long.parseLong(args[6])),
                    Integer.parseInt(args[7]));
            System.out.println(side.line());
            exit = 0;
        } catch (Exception | Error e) {
            LOG.error("[backend={}] the bench's Vigil side failed", args[3], e);
        } finally {
            System.out.flush();
            System.exit(exit);
        }
    }

    /** The config the bench runs the job with: defaults, this topic, from the start, a group of its own. */
    private static VigilConfig config(String bootstrap, String topic, int parallelism, String runId,
            Duration idleness) {
        return ConfigLoader.load(null, Map.of(
                "kafka.bootstrap-servers", bootstrap,
                "kafka.topics.metrics", topic,
                "kafka.starting-offsets", "earliest",
                "kafka.group-id", "vigil-bench-" + runId,
                "kafka.transactional-id-prefix", "vigil-bench-" + runId,
                "ingest.idleness", idleness.toMillis() + "ms",
                "job.parallelism", Integer.toString(parallelism)));
    }

    static BenchResult.Side run(String bootstrap, String topic, long expected, String backend, int parallelism,
            String runId, Duration idleness, int samplesPerRecord) throws Exception {
        VigilConfig cfg = config(bootstrap, topic, parallelism, runId, idleness);
        Path checkpoints = Files.createTempDirectory("vigil-bench-checkpoints");
        int restPort = freePort();
        long heapBefore = ProcessCpu.heapUsedAfterGc();
        StreamExecutionEnvironment env = environment(cfg, backend, checkpoints, restPort);
        long submitCpu = ProcessCpu.nanos();
        JobClient job = env.executeAsync("vigil-bench");
        LOG.info("[backend={}] job {} running at parallelism {}, REST on port {}", backend, job.getJobID(),
                parallelism, restPort);

        JobMetrics metrics = new JobMetrics(restPort, job.getJobID().toString());
        Window committed = awaitCommitted(bootstrap, cfg.kafka().groupId(), expected, samplesPerRecord, job,
                submitCpu, metrics);
        Settled settled = settle(metrics, committed, expected);
        Window w = settled.window();
        if (w.samples() <= 0) {
            LOG.warn("The job had scored every point before the CPU window opened: it opens at the job's "
                    + "submission instead and includes its start-up; give more samples for a steady-state figure");
            long end = w.startCpuNanos() + (long) (w.cpuSeconds() * 1e9);
            w = new Window(expected, submitCpu, (end - submitCpu) / 1e9, w.consumed(), 0);
        }
        long late = settled.lateSamples();
        long heapAfter = ProcessCpu.heapUsedAfterGc();
        long stateBytes = lastCheckpointStateSize(restPort, job.getJobID().toString());
        job.cancel().get(1, TimeUnit.MINUTES);
        awaitEnd(job);
        deleteTree(checkpoints);
        LOG.info("[backend={}] done: {} samples in the CPU window, {} s CPU, state {} bytes, {} samples late",
                backend, w.samples(), String.format("%.2f", w.cpuSeconds()), stateBytes, late);
        return new BenchResult.Side("vigil", w.samples(), w.cpuSeconds(), w.consumed(), stateBytes,
                heapAfter - heapBefore, late);
    }

    /**
     * A local Flink with the job built as {@code vigil run} builds it (Kafka source, the pipeline,
     * exactly-once Kafka sinks), ready to execute: {@code backend}'s state backend (RocksDB
     * incremental or the heap), checkpoints under {@code checkpoints}, the REST API on {@code restPort}.
     */
    static StreamExecutionEnvironment environment(VigilConfig cfg, String backend, Path checkpoints, int restPort) {
        Configuration flink = new Configuration();
        flink.set(StateBackendOptions.STATE_BACKEND, Backend.of(backend).flinkName);
        flink.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        flink.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MANAGED_MEMORY);
        flink.set(RestOptions.BIND_PORT, Integer.toString(restPort));
        flink.set(RestOptions.PORT, restPort);
        // The REST API's copy of the metrics (late samples) follows the TaskManagers' within a second.
        flink.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofSeconds(1));
        StreamExecutionEnvironment env = FlinkSettings.environment(cfg.job(), flink);
        PipelineOutputs out = VigilPipeline.build(KafkaIO.samples(env, cfg.kafka(), cfg.ingest(), false), cfg);
        KafkaIO.attachSinks(out, cfg.kafka());
        return env;
    }

    /**
     * The CPU window: the samples it covers, its CPU seconds, all samples committed at its end, and
     * the points the job had scored when it opened.
     */
    record Window(long samples, long startCpuNanos, double cpuSeconds, long consumed, long scoredAtStart) {
        /**
         * The same window ending at {@code endCpuNanos} of process CPU, when the job had scored
         * {@code scoredAtEnd} points: it covers that share of the {@code expected} samples.
         */
        Window endingAt(long endCpuNanos, long scoredAtEnd, long expected) {
            long samples = scoredAtEnd <= 0 ? this.samples
                    : Math.round((double) expected * (scoredAtEnd - scoredAtStart) / scoredAtEnd);
            return new Window(samples, startCpuNanos, Math.max(cpuSeconds, (endCpuNanos - startCpuNanos) / 1e9),
                    consumed, scoredAtStart);
        }
    }

    /** The job's scored points and the process' CPU at one moment. */
    private record Mark(long scored, long cpuNanos) {}

    /**
     * The scored points just after the REST API's copy of them next moves (it follows the
     * TaskManagers' every second), with the CPU at that moment: the two then agree to within a poll.
     */
    private static Mark freshMark(JobMetrics metrics) throws IOException, InterruptedException {
        long before = metrics.sum("points_scored");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SETTLE_S);
        while (System.nanoTime() < deadline) {
            Thread.sleep(POLL_MS);
            long now = metrics.sum("points_scored");
            if (now != before) {
                return new Mark(Math.max(0, now), ProcessCpu.nanos());
            }
        }
        return new Mark(Math.max(0, before), ProcessCpu.nanos());
    }

    /**
     * Waits for the committed offsets to cover every sample. The window opens when they first cover
     * {@link BenchResult#WINDOW_START}, at the job's scored points then: offsets move only at
     * checkpoints (10 s), and by the time one is committed the job may have scored well past it, so
     * the points scored, not the offsets, say how much of the work falls in the window. When the
     * first checkpoint already covers every sample (a topic too small for the window), it opens at
     * the job's submission instead, start-up included, and says so.
     */
    private static Window awaitCommitted(String bootstrap, String group, long expected, int samplesPerRecord,
            JobClient job, long submitCpu, JobMetrics metrics) throws Exception {
        long startAt = BenchResult.windowStart(expected);
        long startCommitted = -1;
        long startCpu = 0;
        long startScored = 0;
        long last = -1;
        long lastMove = System.nanoTime();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            while (true) {
                long committed;
                try {
                    // Records of many samples (remote-write): all full but the last of each partition.
                    committed = Math.min(expected, committed(admin, group) * samplesPerRecord);
                } catch (TimeoutException e) {
                    // A loaded machine: the stall check below still bounds the wait.
                    LOG.warn("The broker took over {} s to list the group's offsets; asking again", ADMIN_TIMEOUT_S);
                    committed = last;
                }
                if (startCommitted < 0 && committed >= expected) {
                    LOG.warn("The first checkpoint covered all {} samples: the CPU window opens at the job's "
                            + "submission and includes its start-up; give more samples for a steady-state figure",
                            expected);
                    startCpu = submitCpu;
                    startCommitted = 0;
                } else if (startCommitted < 0 && committed >= startAt) {
                    Mark m = freshMark(metrics);
                    startCpu = m.cpuNanos();
                    startScored = m.scored();
                    startCommitted = committed;
                    LOG.info("CPU window opens at {} of {} samples committed, {} points scored", committed, expected,
                            startScored);
                }
                if (committed >= expected) {
                    double cpu = (ProcessCpu.nanos() - startCpu) / 1e9;
                    return new Window(committed - startCommitted, startCpu, cpu, committed, startScored);
                }
                if (committed != last) {
                    LOG.info("committed {} of {} samples, {} s CPU so far", committed, expected,
                            String.format("%.1f", ProcessCpu.nanos() / 1e9));
                    last = committed;
                    lastMove = System.nanoTime();
                } else if (System.nanoTime() - lastMove > STALL_NANOS) {
                    throw new IllegalStateException("the job's committed offsets stayed at " + committed + " of "
                            + expected + " for 180 s");
                }
                JobStatus status = job.getJobStatus().get(ADMIN_TIMEOUT_S, TimeUnit.SECONDS);
                if (status.isGloballyTerminalState()) {
                    job.getJobExecutionResult().get(10, TimeUnit.SECONDS); // throws with the failure's cause
                    throw new IllegalStateException("the job ended (" + status + ") after " + committed + " of "
                            + expected + " samples");
                }
                Thread.sleep(POLL_MS);
            }
        }
    }

    private static long committed(Admin admin, String group) throws Exception {
        Map<?, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(ADMIN_TIMEOUT_S, TimeUnit.SECONDS);
        long sum = 0;
        for (OffsetAndMetadata o : offsets.values()) {
            sum += o == null ? 0 : o.offset();
        }
        return sum;
    }

    /**
     * The full state size of a checkpoint completed after every sample was committed: the REST API
     * caches checkpoint statistics for a few seconds, so the first answer may predate the end.
     */
    private static long lastCheckpointStateSize(int restPort, String jobId) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        URI uri = URI.create("http://localhost:" + restPort + "/jobs/" + jobId + "/checkpoints");
        long firstId = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            JsonNode completed = json.readTree(get(http, uri)).path("latest").path("completed");
            if (completed.isObject()) {
                long id = completed.path("id").asLong();
                if (firstId < 0) {
                    firstId = id;
                } else if (id > firstId) {
                    return completed.path("state_size").asLong();
                }
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no checkpoint completed within 60 s after the last sample (" + uri + ")");
    }

    /**
     * The job's metrics through the local cluster's REST API (its copy lags the TaskManagers' by up
     * to the fetcher's interval, set to 1 s): Vigil's counters summed over the subtasks of the
     * vertex that holds the resampler and, chained to it, the scorer.
     */
    private static final class JobMetrics {
        private final HttpClient http = HttpClient.newHttpClient();
        private final ObjectMapper json = new ObjectMapper();
        private final String metrics;

        JobMetrics(int restPort, String jobId) throws IOException, InterruptedException {
            String job = "http://localhost:" + restPort + "/jobs/" + jobId;
            String vertex = null;
            for (JsonNode v : json.readTree(get(http, URI.create(job))).path("vertices")) {
                if (v.path("name").asText().startsWith("features-resample")) {
                    vertex = v.path("id").asText();
                }
            }
            if (vertex == null) {
                throw new IllegalStateException("no features-resample vertex in " + job);
            }
            this.metrics = job + "/vertices/" + vertex + "/subtasks/metrics";
        }

        /** The counter whose name ends in {@code .name}, summed; -1 while the REST API does not list it yet. */
        long sum(String name) throws IOException, InterruptedException {
            for (JsonNode m : json.readTree(get(http, URI.create(metrics)))) {
                String id = m.path("id").asText();
                if (id.endsWith("." + name)) {
                    JsonNode sum = json.readTree(get(http, URI.create(metrics + "?agg=sum&get="
                            + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8))));
                    return (long) sum.path(0).path("sum").asDouble(-1);
                }
            }
            return -1;
        }
    }

    /** What the job had done when its scoring settled: the window ending then, and its late samples. */
    record Settled(Window window, long lateSamples) {}

    /**
     * Waits, after every sample is committed, until the job has scored every step event time lets it
     * close: its scored points, once there are some, have not moved for {@link #SETTLE_S} seconds.
     * The CPU window ends at the last move, so work the job does after committing its offsets counts
     * (a backlog is consumed and committed well before its last steps are scored).
     */
    private static Settled settle(JobMetrics m, Window w, long expected) throws IOException, InterruptedException {
        long scored = -1;
        long lastMoveCpu = ProcessCpu.nanos();
        long lastMove = System.nanoTime();
        long deadline = System.nanoTime() + STALL_NANOS;
        // Nothing scored yet: event time has not reached the first step's end, the work is all to come.
        while (scored <= 0 || System.nanoTime() - lastMove < TimeUnit.SECONDS.toNanos(SETTLE_S)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the job's scored points (" + scored + ") did not settle within "
                        + "180 s of the last commit");
            }
            long now = m.sum("points_scored");
            if (now != scored) {
                scored = now;
                lastMoveCpu = ProcessCpu.nanos();
                lastMove = System.nanoTime();
                LOG.info("scored {} points, {} s CPU so far", now, String.format("%.1f", lastMoveCpu / 1e9));
            }
            Thread.sleep(1000);
        }
        return new Settled(w.endingAt(lastMoveCpu, scored, expected), m.sum("late_samples"));
    }

    private static String get(HttpClient http, URI uri) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /**
     * A cancelled job's tasks may still be writing a checkpoint: its files must be gone before the
     * directory. The local cluster shuts down with its job, and then refuses to answer: that is the end too.
     */
    private static void awaitEnd(JobClient job) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ADMIN_TIMEOUT_S);
        try {
            while (!job.getJobStatus().get(ADMIN_TIMEOUT_S, TimeUnit.SECONDS).isGloballyTerminalState()
                    && System.nanoTime() < deadline) {
                Thread.sleep(POLL_MS);
            }
        } catch (java.util.concurrent.ExecutionException | TimeoutException | IllegalStateException e) {
            LOG.debug("the local cluster ended with the job: {}", e.toString());
        }
    }

    /** Deletes the bench's checkpoints; what a late writer leaves behind is logged, not fatal (a temporary directory). */
    static void deleteTree(Path dir) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
                return;
            } catch (IOException | java.io.UncheckedIOException e) {
                // Flink's own clean-up may be deleting the same files: walk again.
                if (attempt == 5) {
                    LOG.warn("Could not delete the bench's checkpoints in {}: {}", dir, e.toString());
                    return;
                }
                Thread.sleep(500);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
