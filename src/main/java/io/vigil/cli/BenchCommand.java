package io.vigil.cli;

import io.vigil.bench.BenchFormat;
import io.vigil.bench.BenchRun;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code vigil bench}: Vigil's end-to-end throughput next to a plain-Java floor, per CPU-second,
 * measured side by side in one run, then the event-to-alert latency of a fresh job fed live at half
 * the rate it sustains ({@link BenchRun}). Prints one {@code bench ...} line per configuration and
 * appends them, under a header, to {@code --out}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"End-to-end throughput: samples per CPU-second of the Vigil job (Kafka in, detection, "
                + "exactly-once Kafka out, on a local Flink) next to the floor, a plain single-threaded Java "
                + "consumer that parses the same records and keeps a rolling mean per series, run just before and "
                + "again just after the job (floor_per_cpu_s and the ratio use the mean of the two, so a change in "
                + "the machine's load while the job runs moves both sides alike).",
                "An in-process Kafka broker holds N series x S samples of prometheus-kafka-adapter JSON; each side "
                + "runs in a child JVM that measures its own CPU from half to all of the samples consumed (the first half warms the JIT up); the job checkpoints every 10 s, its default.",
                "Then the alert latency, live: a fresh job on fresh topics (default settings, so alerts "
                + "exactly-once and checkpoints every 10 s, except incidents scoped by service so that each spike "
                + "is an alert of its own) is fed the same N series with timestamps = now, one sample per series "
                + "per step, "
                + "at half the sustainable rate (samples per CPU-second x min(nproc, --parallelism)); the step "
                + "is N / that half rate rounded up to whole seconds, at least 1 s. After the detectors' warm-up, "
                + "--anomalies series (one per service) get a 50-sigma spike for 3 steps, one after the other. "
                + "p99_alert_ms is the event-to-alert latency after the watermark: the wall time the alert is "
                + "visible to a read_committed reader of the alerts topic (what users see), minus the wall time "
                + "the spike's data was complete (its step's end + ingest.max-out-of-orderness, when event time "
                + "could first pass it). p99_alert_written_ms is the same for a read_uncommitted reader (the "
                + "job's own latency, without the wait for the commit). Percentiles are nearest-rank; an "
                + "anomaly with no alert within 2 min counts in alerts_missed.",
                "Each --series with each --backend is one configuration, printed as one line: bench backend=... "
                + "series=... samples=... floor_per_cpu_s=... vigil_per_cpu_s=... ratio=... "
                + "state_bytes_per_series=... heap_bytes_per_series=... p99_alert_ms=... p50_alert_ms=... "
                + "p99_alert_written_ms=... p50_alert_written_ms=... anomalies=... alerts_missed=... "
                + "live_step_s=... live_samples_per_s=... late_samples=... format=... scrape_s=... "
                + "floor_before_per_cpu_s=... floor_after_per_cpu_s=... series_per_instance=... "
                + "(- for a figure not measured)."})
public final class BenchCommand implements Callable<Integer> {
    static final int DEFAULT_SERIES = 10_000;
    static final List<String> DEFAULT_BACKENDS = List.of("rocksdb", "heap");

    @Option(names = "--series", paramLabel = "N",
            description = "Series in the topic (repeatable; default " + DEFAULT_SERIES + ").")
    List<Integer> series = new ArrayList<>();

    @Option(names = "--samples-per-series", paramLabel = "S", defaultValue = "120",
            description = "Samples per series, one minute apart (default ${DEFAULT-VALUE}).")
    int samplesPerSeries;

    @Option(names = "--backend", paramLabel = "rocksdb|heap",
            description = "Flink state backend of the job (repeatable; default both: rocksdb, heap).")
    List<String> backends = new ArrayList<>();

    @Option(names = "--parallelism", defaultValue = "2", description = "Parallelism of the job (default ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--anomalies", paramLabel = "A", defaultValue = "10",
            description = "Spikes the live phase injects, each in a service of its own (at most one per 20 series); "
                    + "0 skips the live phase (default ${DEFAULT-VALUE}).")
    int anomalies;

    @Option(names = "--idleness", paramLabel = "DURATION", defaultValue = "1m", converter = DurationConverter.class,
            description = {"ingest.idleness of the throughput job (default ${DEFAULT-VALUE}, the job's): how long a "
                    + "partition may be silent before it stops holding event time back. The topic is a backlog and "
                    + "the job is backpressured while it drains it, which does not count as silence, so "
                    + "late_samples= stays 0 even at 1s."})
    Duration idleness;

    @Option(names = "--format", paramLabel = "adapter-json|remote-write",
            description = "Record format of the metrics topic (repeatable; default adapter-json): prometheus-kafka-"
                    + "adapter JSON, one sample a record, or remote-write records as 'vigil bridge' writes them "
                    + "(snappy-compressed WriteRequests of 500 samples). The floor parses the same records.")
    List<String> formats = new ArrayList<>();

    @Option(names = "--scrape-interval", paramLabel = "DURATION", defaultValue = "1m",
            converter = DurationConverter.class,
            description = "Time between a series' samples in the throughput topic (default ${DEFAULT-VALUE}, a "
                    + "sample a grid step; 15s puts four in each step, as a 15 s Prometheus scrape does).")
    Duration scrape;

    @Option(names = "--series-per-instance", paramLabel = "K", defaultValue = "4",
            description = "Series per instance label (1, 2, 4, 5, 10 or 20; default ${DEFAULT-VALUE}). The entity "
                    + "judge judges an instance of at least detect.entity.min-series (8) series together, as it "
                    + "would a real host; at 4 it only passes their points through.")
    int seriesPerInstance;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "target/bench/results.txt",
            description = "File the lines are appended to, under a header (default ${DEFAULT-VALUE}).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var options = new BenchRun.Options(series.isEmpty() ? List.of(DEFAULT_SERIES) : series, samplesPerSeries,
                backends.isEmpty() ? DEFAULT_BACKENDS : backends, parallelism, anomalies, idleness,
                formats.isEmpty() ? List.of(BenchFormat.ADAPTER_JSON) : formats.stream().map(BenchFormat::of).toList(),
                scrape, seriesPerInstance);
        appendToOut(header());
        var say = spec.commandLine().getOut();
        BenchRun.run(options, m -> {
            say.println(m.result().line());
            say.flush();
            appendToOut(m.result().line());
        });
        return 0;
    }

    private String header() {
        return String.format("# %s nproc=%d java=%s (%s) command: ./vigil %s",
                Instant.now().truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.runtime.version"), System.getProperty("java.vm.name"),
                String.join(" ", spec.commandLine().getParseResult().originalArgs()));
    }

    private void appendToOut(String line) {
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(out, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + out, e);
        }
    }
}
