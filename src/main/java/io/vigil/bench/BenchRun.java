package io.vigil.bench;

import io.vigil.config.ConfigLoader;
import io.vigil.demo.EmbeddedKafka;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * {@code vigil bench}: for each series count, an in-process Kafka topic filled by
 * {@link BenchData}; for each state backend, the plain-Java floor ({@link FloorConsumer}) and the
 * Vigil job ({@link VigilUnderTest}) each read it in a child JVM that measures its own CPU, so the
 * broker's CPU (in this process) is in neither figure. Then the live phase ({@link LivePhase}): a
 * fresh job fed live at half the rate the throughput phase says it sustains, with injected
 * anomalies, for the event-to-alert latency. One {@link BenchResult} per configuration.
 */
public final class BenchRun {
    private static final Logger LOG = LoggerFactory.getLogger(BenchRun.class);
    static final int PARTITIONS = 2;
    static final long SEED = 1;
    static final String FLOOR_HEAP = "1g";
    static final String VIGIL_HEAP = "2g";
    /** Slack for the slowest machine: the Vigil child also stops itself when its offsets stall for 3 min. */
    private static final Duration FLOOR_TIMEOUT = Duration.ofMinutes(10);
    private static final long VIGIL_MIN_SAMPLES_PER_S = 1000;

    /**
     * What to run: every series count with every backend.
     *
     * @param anomalies spikes the live phase injects, each in a service of its own; 0 skips it
     * @param scrape the time between a series' samples in the throughput topic (the grid step is a minute)
     * @param seriesPerInstance series per {@code instance} label, which entities are keyed by
     */
    public record Options(List<Integer> series, int samplesPerSeries, List<String> backends, int parallelism,
            int anomalies, Duration idleness, List<BenchFormat> formats, Duration scrape, int seriesPerInstance) {
        /** Adapter JSON alone, a sample a step. */
        public Options(List<Integer> series, int samplesPerSeries, List<String> backends, int parallelism,
                int anomalies, Duration idleness) {
            this(series, samplesPerSeries, backends, parallelism, anomalies, idleness,
                    List.of(BenchFormat.ADAPTER_JSON));
        }

        /** A sample a step. */
        public Options(List<Integer> series, int samplesPerSeries, List<String> backends, int parallelism,
                int anomalies, Duration idleness, List<BenchFormat> formats) {
            this(series, samplesPerSeries, backends, parallelism, anomalies, idleness, formats,
                    Duration.ofMillis(BenchData.STEP_MS), BenchSeries.SERIES_PER_INSTANCE);
        }

        public Options {
            series = List.copyOf(series);
            backends = List.copyOf(backends);
            formats = List.copyOf(formats);
            if (formats.isEmpty()) {
                throw new IllegalArgumentException("give at least one --format");
            }
            if (series.isEmpty() || series.stream().anyMatch(n -> n < 1)) {
                throw new IllegalArgumentException("--series must be positive: " + series);
            }
            if (samplesPerSeries < 10) {
                throw new IllegalArgumentException("--samples-per-series must be at least 10 (the CPU window "
                        + "starts part-way): " + samplesPerSeries);
            }
            backends.forEach(Backend::of);
            if (backends.isEmpty()) {
                throw new IllegalArgumentException("give at least one --backend");
            }
            if (parallelism < 1) {
                throw new IllegalArgumentException("--parallelism must be positive: " + parallelism);
            }
            if (scrape.toMillis() < 1000) {
                throw new IllegalArgumentException("--scrape-interval must be at least 1s: " + scrape);
            }
            BenchSeries.checkPerInstance(seriesPerInstance);
            if (idleness.isNegative() || idleness.isZero()) {
                throw new IllegalArgumentException("--idleness must be positive: " + idleness);
            }
            for (int n : series) {
                if (anomalies < 0 || anomalies > BenchSeries.services(n)) {
                    throw new IllegalArgumentException(String.format("--anomalies must be from 0 to the services "
                            + "of the smallest --series (%d series span %d, one anomaly each): %d", n,
                            BenchSeries.services(n), anomalies));
                }
            }
        }
    }

    /** One configuration's line and what each child reported (the floor ran before and after the job). */
    public record Measured(BenchResult result, BenchResult.Side floor, BenchResult.Side floorAfter,
            BenchResult.Side vigil) {}

    private BenchRun() {}

    public static List<Measured> run(Options o, Consumer<Measured> onEach) throws Exception {
        List<Measured> all = new ArrayList<>();
        LOG.info("Starting an in-process Kafka broker (KRaft)...");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String bootstrap = kafka.bootstrapServers();
            kafka.createTopics(1, ConfigLoader.defaults().kafka().outputTopics());
            for (int series : o.series()) {
                for (BenchFormat format : o.formats()) {
                    String topic = "bench.metrics." + series + "." + format.configName;
                    kafka.createTopics(PARTITIONS, List.of(topic));
                    BenchData data = new BenchData(series, o.samplesPerSeries(), o.scrape().toMillis(), SEED,
                            o.seriesPerInstance());
                    LOG.info("Filling [topic={}]: {} series x {} samples {} s apart from {}, {}...", topic,
                            series, o.samplesPerSeries(), o.scrape().toMillis() / 1000.0, BenchData.START,
                            format.configName);
                    BenchData.Filled f = data.fill(bootstrap, topic, PARTITIONS, format);
                    LOG.info("Produced {} samples ({} MB) in {} s: {} samples/s", f.samples(),
                            f.bytes() / 1_000_000, String.format("%.1f", f.seconds()),
                            String.format("%.0f", f.samplesPerSecond()));
                    for (String backend : o.backends()) {
                        Measured m = measure(kafka, topic, series, data.samples(), backend, format, o);
                        all.add(m);
                        onEach.accept(m);
                    }
                }
            }
        }
        return all;
    }

    private static Measured measure(EmbeddedKafka kafka, String topic, int series, long samples, String backend,
            BenchFormat format, Options o) throws Exception {
        String bootstrap = kafka.bootstrapServers();
        int parallelism = o.parallelism();
        int anomalies = o.anomalies();
        BenchResult.Side floor = floor(bootstrap, topic, samples, format, backend, series, "before");
        LOG.info("[backend={} series={}] Vigil: the job on a local Flink in a child JVM...", backend, series);
        String runId = backend + "-" + series + "-" + UUID.randomUUID().toString().substring(0, 8);
        Duration vigilTimeout = FLOOR_TIMEOUT.plusSeconds(samples / VIGIL_MIN_SAMPLES_PER_S);
        BenchResult.Side vigil = ChildJvm.run("vigil-" + backend, VIGIL_HEAP, ChildJvm.childOpts(),
                VigilUnderTest.class,
                List.of(bootstrap, topic, Long.toString(samples), backend, Integer.toString(parallelism), runId,
                        Long.toString(o.idleness().toMillis()), Integer.toString(format.samplesPerRecord)),
                vigilTimeout);
        checkConsumedAll(vigil, samples);
        BenchResult.Side floorAfter = floor(bootstrap, topic, samples, format, backend, series, "after");
        BenchResult.Live live = BenchResult.Live.NONE;
        if (anomalies > 0) {
            int cores = Math.min(Runtime.getRuntime().availableProcessors(), parallelism);
            LivePlan plan = LivePlan.of(series, vigil.perCpuSecond(), cores,
                    LivePlan.warmupSteps(ConfigLoader.defaults()), anomalies);
            LOG.info("[backend={} series={}] live: a fresh job fed {} samples/s (half of {} per CPU-second x {} "
                    + "cores, at most), a sample per series every {} s (features.step); {} spikes of {} sigmas "
                    + "after {} steps", backend, series, String.format("%.0f", plan.samplesPerSecond()),
                    String.format("%.0f", vigil.perCpuSecond()), cores, plan.stepMs() / 1000, anomalies,
                    String.format("%.0f", LivePlan.SPIKE_SIGMAS), plan.warmupSteps());
            live = BenchResult.Live.of(LivePhase.run(kafka, plan, backend, parallelism, "live-" + runId, SEED,
                    o.seriesPerInstance()));
        }
        BenchResult r = new BenchResult(backend, series, samples, floor.perCpuSecond(), floorAfter.perCpuSecond(),
                vigil.perCpuSecond(),
                (double) vigil.stateBytes() / series, (double) vigil.heapBytes() / series, live, vigil.lateSamples(),
                format.configName, o.scrape().toSeconds(), o.seriesPerInstance());
        return new Measured(r, floor, floorAfter, vigil);
    }

    /** The plain-Java floor over the same topic, run {@code when} (before or after) the job. */
    private static BenchResult.Side floor(String bootstrap, String topic, long samples, BenchFormat format,
            String backend, int series, String when) throws Exception {
        LOG.info("[backend={} series={}] floor {} the job: a plain single-threaded consumer in a child JVM...",
                backend, series, when);
        BenchResult.Side floor = ChildJvm.run("floor", FLOOR_HEAP, List.of(), FloorConsumer.class,
                List.of(bootstrap, topic, Long.toString(samples), format.configName), FLOOR_TIMEOUT);
        checkConsumedAll(floor, samples);
        return floor;
    }

    private static void checkConsumedAll(BenchResult.Side side, long samples) {
        if (side.consumed() != samples || side.windowSamples() <= 0 || !(side.cpuSeconds() > 0)) {
            throw new IllegalStateException(String.format("the %s side consumed %d of %d samples (%d in its CPU "
                    + "window, %.3f CPU s): %s", side.side(), side.consumed(), samples, side.windowSamples(),
                    side.cpuSeconds(), side.line()));
        }
    }
}
