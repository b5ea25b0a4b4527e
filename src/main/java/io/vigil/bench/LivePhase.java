package io.vigil.bench;

import io.vigil.config.VigilConfig;
import io.vigil.demo.EmbeddedKafka;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * The bench's live phase for one configuration: a fresh Vigil job ({@link LiveJob}, a child JVM)
 * on fresh topics, fed live by {@link LiveFeed} at the {@link LivePlan}'s rate, its alerts read at
 * both isolation levels by {@link AlertWatcher}s, each spike's latency by {@link AlertLatency}. It
 * ends once every spike has its committed alert, or {@link #ALERT_BOUND} after the last spike was
 * complete.
 */
final class LivePhase {
    private static final Logger LOG = LoggerFactory.getLogger(LivePhase.class);
    /** An alert later than this after its anomaly was complete is missed, not slow. */
    static final Duration ALERT_BOUND = Duration.ofMinutes(2);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);
    private static final long POLL_MS = 250;
    static final String READ_COMMITTED = "read_committed";
    static final String READ_UNCOMMITTED = "read_uncommitted";

    /** The latencies as a committed-alert reader and as a reader of what the sink wrote saw them. */
    record Result(LivePlan plan, AlertLatency.Summary committed, AlertLatency.Summary written) {}

    private LivePhase() {}

    static Result run(EmbeddedKafka kafka, LivePlan plan, String backend, int parallelism, String runId, long seed,
            int perInstance) throws Exception {
        String bootstrap = kafka.bootstrapServers();
        VigilConfig cfg = LiveJob.config(bootstrap, runId, Duration.ofMillis(plan.stepMs()), parallelism);
        String topic = cfg.kafka().topics().metrics().get(0);
        kafka.createTopics(BenchRun.PARTITIONS, List.of(topic));
        kafka.createTopics(1, cfg.kafka().outputTopics());
        String alerts = cfg.kafka().topics().alerts();
        String name = cfg.alert().alertName();
        var committed = new AlertWatcher(bootstrap, alerts, READ_COMMITTED, name);
        var written = new AlertWatcher(bootstrap, alerts, READ_UNCOMMITTED, name);
        var feed = new LiveFeed(bootstrap, topic, new BenchSeries(plan.series(), BenchRun.PARTITIONS,
                new Random(seed), perInstance), plan, cfg.ingest().maxOutOfOrderness().toMillis(), seed);
        List<Thread> threads = List.of(new Thread(committed, "bench-alerts-committed"),
                new Thread(written, "bench-alerts-written"), new Thread(feed, "bench-live-feed"));
        try (ChildJvm.Running job = ChildJvm.start("vigil-live-" + backend, BenchRun.VIGIL_HEAP, ChildJvm.childOpts(),
                LiveJob.class, List.of(bootstrap, runId, Long.toString(plan.stepMs() / 1000), backend,
                        Integer.toString(parallelism)))) {
            job.awaitAnswer(LiveJob.READY, START_TIMEOUT);
            threads.forEach(Thread::start);
            try {
                awaitAlerts(plan, feed, committed, written, job);
            } finally {
                feed.stop();
                committed.stop();
                written.stop();
                for (Thread t : threads) {
                    t.join(Duration.ofSeconds(30).toMillis());
                }
            }
            job.closeInput();
            job.awaitExit(STOP_TIMEOUT);
        }
        List<AlertLatency.Injection> injected = feed.injected();
        long bound = ALERT_BOUND.toMillis();
        LOG.info("Live phase done: {} samples fed, {} after their step had ended; latencies (ms) committed {}, "
                + "written {}", feed.sent(), feed.lateSends(), AlertLatency.describe(injected, committed.seen(), bound),
                AlertLatency.describe(injected, written.seen(), bound));
        return new Result(plan, AlertLatency.summarize(injected, committed.seen(), bound),
                AlertLatency.summarize(injected, written.seen(), bound));
    }

    /** Feeds until every spike is in and has its committed alert, or the bound after the last one passes. */
    private static void awaitAlerts(LivePlan plan, LiveFeed feed, AlertWatcher committed, AlertWatcher written,
            ChildJvm.Running job) throws InterruptedException {
        long bound = ALERT_BOUND.toMillis();
        while (true) {
            Thread.sleep(POLL_MS);
            job.checkAlive();
            feed.checkHealthy();
            committed.checkHealthy();
            written.checkHealthy();
            List<AlertLatency.Injection> injected = feed.injected();
            if (injected.size() < plan.anomalies()) {
                continue;
            }
            if (AlertLatency.allAlerted(injected, committed.seen(), bound)
                    && AlertLatency.allAlerted(injected, written.seen(), bound)) {
                return;
            }
            long lastComplete = injected.stream().mapToLong(AlertLatency.Injection::completeMs).max().orElseThrow();
            if (System.currentTimeMillis() > lastComplete + bound) {
                LOG.warn("{} s after the last spike was complete some have no alert yet: they count as missed",
                        ALERT_BOUND.toSeconds());
                return;
            }
        }
    }
}
