package io.vigil.bench;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.pipeline.FlinkSettings;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The Vigil side of the bench's live phase, run as a child JVM: a fresh job, built as
 * {@link VigilUnderTest} builds it, on the live topics of one run, until its standard input ends.
 * It prints {@value #READY} once the job runs, then waits; when the parent closes its input (or
 * dies) it cancels the job and exits. A job that fails ends the child with its error.
 *
 * <p>Arguments: {@code BOOTSTRAP RUN_ID STEP_SECONDS BACKEND PARALLELISM}.
 */
public final class LiveJob {
    private static final Logger LOG = LoggerFactory.getLogger(LiveJob.class);
    /** The answer line the parent waits for before it starts the feed. */
    static final String READY = ChildJvm.ANSWER_PREFIX + "live-ready";
    /**
     * The job's checkpoint interval: the built-in default that {@code flink-conf/config.yaml}
     * ships too. The exactly-once sinks commit at each checkpoint, so a committed alert waits up to
     * one interval after it was written: this is what a reader of {@code vigil.alerts} sees.
     */
    static final Duration CHECKPOINT_INTERVAL = FlinkSettings.DEFAULT_CHECKPOINT_INTERVAL;
    private static final long POLL_MS = 500;
    private static final long STATUS_TIMEOUT_S = 30;

    private LiveJob() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            throw new IllegalArgumentException("usage: LiveJob BOOTSTRAP RUN_ID STEP_SECONDS rocksdb|heap PARALLELISM");
        }
        // The local cluster's non-daemon threads would keep this JVM alive after the job, failed or not.
        int exit = 1;
        try {
            run(config(args[0], args[1], Duration.ofSeconds(Long.parseLong(args[2])), Integer.parseInt(args[4])),
                    args[3]);
            exit = 0;
        } catch (Exception | Error e) {
            LOG.error("[backend={}] the bench's live job failed", args[3], e);
        } finally {
            System.out.flush();
            System.exit(exit);
        }
    }

    /**
     * The live job's config: the defaults, with the run's own topics (metrics {@code
     * bench.RUN_ID}, outputs under it), {@code features.step} from the plan, and incidents
     * scoped by {@code service}. The scope keeps each spike its own incident and so its own alert
     * (without one, every anomaly within {@code correlate.join-gap} of an open incident joins it and
     * pages no more); it changes which points group, not when the correlate stage releases them.
     */
    static VigilConfig config(String bootstrap, String runId, Duration step, int parallelism) {
        String topic = "bench." + runId;
        return ConfigLoader.load(null, Map.ofEntries(
                Map.entry("kafka.bootstrap-servers", bootstrap),
                Map.entry("kafka.topics.metrics", topic),
                Map.entry("kafka.topics.anomalies", topic + ".anomalies"),
                Map.entry("kafka.topics.incidents", topic + ".incidents"),
                Map.entry("kafka.topics.alerts", topic + ".alerts"),
                Map.entry("kafka.topics.deadletter", topic + ".deadletter"),
                Map.entry("kafka.starting-offsets", "earliest"),
                Map.entry("kafka.group-id", "vigil-bench-" + runId),
                Map.entry("kafka.transactional-id-prefix", "vigil-bench-" + runId),
                Map.entry("features.step", step.toSeconds() + "s"),
                Map.entry("correlate.scope-labels", "service"),
                Map.entry("job.checkpoint-interval", CHECKPOINT_INTERVAL.toSeconds() + "s"),
                Map.entry("job.parallelism", Integer.toString(parallelism))));
    }

    private static void run(VigilConfig cfg, String backend) throws Exception {
        Path checkpoints = Files.createTempDirectory("vigil-bench-live-checkpoints");
        JobClient job = VigilUnderTest.environment(cfg, backend, checkpoints, VigilUnderTest.freePort())
                .executeAsync("vigil-bench-live");
        awaitRunning(job);
        LOG.info("[backend={}] live job {} running, step {}", backend, job.getJobID(), cfg.features().step());
        System.out.println(READY + " job=" + job.getJobID());
        System.out.flush();
        CountDownLatch inputEnded = new CountDownLatch(1);
        Thread input = new Thread(() -> drain(System.in, inputEnded), "live-job-input");
        input.setDaemon(true);
        input.start();
        while (!inputEnded.await(POLL_MS, TimeUnit.MILLISECONDS)) {
            checkNotEnded(job);
        }
        job.cancel().get(1, TimeUnit.MINUTES);
        VigilUnderTest.deleteTree(checkpoints);
        LOG.info("[backend={}] live job cancelled", backend);
    }

    private static void awaitRunning(JobClient job) throws Exception {
        while (job.getJobStatus().get(STATUS_TIMEOUT_S, TimeUnit.SECONDS) != JobStatus.RUNNING) {
            checkNotEnded(job);
            Thread.sleep(100);
        }
    }

    private static void checkNotEnded(JobClient job) throws Exception {
        JobStatus status = job.getJobStatus().get(STATUS_TIMEOUT_S, TimeUnit.SECONDS);
        if (status.isGloballyTerminalState()) {
            job.getJobExecutionResult().get(10, TimeUnit.SECONDS); // throws with the failure's cause
            throw new IllegalStateException("the live job ended: " + status);
        }
    }

    /** Reads {@code in} to its end (the parent closed it, or died). */
    private static void drain(InputStream in, CountDownLatch ended) {
        try {
            while (in.read() >= 0) {
                // nothing is sent: the end is the message
            }
        } catch (IOException e) {
            LOG.warn("standard input unreadable, stopping: {}", e.toString());
        } finally {
            ended.countDown();
        }
    }
}
