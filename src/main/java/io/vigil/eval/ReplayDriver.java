package io.vigil.eval;

import io.vigil.config.FeatureConfig;
import io.vigil.config.VigilConfig;
import io.vigil.detect.DetectEngine;
import io.vigil.detect.DetectorContext;
import io.vigil.detect.DetectorModules;
import io.vigil.detect.SeriesEngine;
import io.vigil.detect.SharedLearner;
import io.vigil.detect.StoreSeeds;
import io.vigil.detect.entity.Entities;
import io.vigil.detect.entity.EntityConfig;
import io.vigil.detect.entity.EntityModule;
import io.vigil.features.SeriesCursor;
import io.vigil.features.StepAccumulator;
import io.vigil.ingest.SampleParser;
import io.vigil.model.DeadLetter;
import io.vigil.model.DeadLetters;
import io.vigil.model.Ingested;
import io.vigil.model.InputFormat;
import io.vigil.model.MetricSample;
import io.vigil.model.OutputJson;
import io.vigil.model.ScoredPoint;
import io.vigil.model.WallClock;

import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.Collector;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code replay} without Flink: a CSV through the per-series engine ({@link SeriesEngine}) and the
 * correlation and alert stages ({@link CorrelationDriver}) in one thread, with event time kept as
 * the job keeps it (a bounded out-of-orderness watermark; a step closes when the watermark passes
 * its end; a sample behind the watermark, or for a closed step, is late; a series silent past its
 * expiry starts over). It writes what {@code replay} writes ({@code scores.csv}, {@code
 * anomalies.jsonl}, {@code incidents.jsonl}, {@code alerts.jsonl}, {@code deadletter.jsonl}) and gives the
 * same lines, so
 * evaluations can run the product's rules fast and a test can hold the two to each other. Not here:
 * entity forests, entity judgement and change events (they exist only as stream operators): a file
 * with an entity large enough to be judged is refused, not replayed differently.
 */
public final class ReplayDriver {
    private final VigilConfig config;
    private final FeatureConfig features;
    private final DetectEngine detect;
    private final List<SharedLearner> learners;
    private final CorrelationDriver correlation;
    private final StoreSeeds seeds;
    private final Map<String, Series> series = new HashMap<>();
    /** Steps waiting for the watermark, by step start: the series whose step it is. */
    private final TreeMap<Long, List<String>> due = new TreeMap<>();
    private final List<ScoredPoint> scores = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private final WallClock clock = WallClock.system();
    /** The file replayed, as late samples' dead letters name it. */
    private final String source;
    private final EntityConfig entities;
    private final Map<String, Integer> entitySizes = new HashMap<>();
    private long watermark = Long.MIN_VALUE;
    private long late;
    private long rejected;

    /** One series: its engine and the steps it has samples for that have not closed. */
    private static final class Series {
        final SeriesEngine engine;
        final Map<Long, StepAccumulator> pending = new HashMap<>();

        Series(SeriesEngine engine) {
            this.engine = engine;
        }
    }

    /** What a run wrote, by file, and what it could not use. */
    public record Counts(Map<String, Long> lines, long late, long rejected) {}

    /** @param source the file replayed, as dead letters name it */
    public ReplayDriver(VigilConfig config, DetectorModules modules, String source) {
        this.config = config;
        this.source = source;
        this.features = config.features();
        DetectorContext context = DetectorContext.of(config);
        this.detect = new DetectEngine(modules, context);
        this.learners = modules.learners(context);
        StoreSeeds.verify(detect);
        this.seeds = StoreSeeds.open(detect, clock);
        this.correlation = new CorrelationDriver(config);
        this.entities = EntityModule.settings(config.detect());
    }

    /** Refuses the series that makes an entity large enough for the stream job to judge it. */
    private void checkEntity(MetricSample s) {
        if (!entities.on()) {
            return;
        }
        String key = Entities.key(s.labels(), entities.labels());
        if (key != null && entitySizes.merge(key, 1, Integer::sum) == entities.minSeries()) {
            throw new IllegalArgumentException("the in-memory replay does not judge entities, and entity " + key
                    + " has " + entities.minSeries() + " series (detect.entity.min-series): replay without "
                    + "--in-memory, or add --set detect.entity.enabled=false");
        }
    }

    /** Replays {@code input} (its header in {@code ingest.csv-columns}) into {@code outDir}. */
    public static Counts run(Path input, Path outDir, VigilConfig config, DetectorModules modules) throws IOException {
        ReplayDriver d = new ReplayDriver(config, modules, input.getFileName().toString());
        SampleParser parser = new SampleParser(config.ingest(), d.clock, new UnregisteredMetricsGroup());
        Collector<Ingested> parsed = new Collector<>() {
            @Override
            public void collect(Ingested r) {
                if (r.sample() != null) {
                    d.sample(r.sample());
                } else {
                    d.rejected++;
                    d.deadLetters.add(r.deadLetter());
                }
            }

            @Override
            public void close() {}
        };
        try (BufferedReader r = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            String line;
            long lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (!line.isBlank()) {
                    parser.parse(d.source, -1, lineNo, InputFormat.CSV, line.getBytes(StandardCharsets.UTF_8), parsed);
                }
            }
        }
        d.finish();
        return new Counts(d.write(outDir), d.late, d.rejected);
    }

    /** One sample, in arrival order. */
    void sample(MetricSample s) {
        long step = features.stepOf(s.timestampMs());
        Series x = series.get(s.series());
        if (x != null && expired(x)) {
            series.remove(s.series());
            x = null;
        }
        SeriesCursor c = x == null ? null : x.engine.cursor();
        boolean stepClosed = c != null && c.closed(step);
        if (s.timestampMs() <= watermark || stepClosed) {
            late++;
            deadLetters.add(DeadLetters.late(s, source, clock.millis()));
            return;
        }
        if (x == null) {
            checkEntity(s);
            x = new Series(new SeriesEngine(s.series(), s.metric(), s.labels(), features, detect, learners, seeds));
            series.put(s.series(), x);
        }
        x.engine.seen(s.timestampMs(), s.stale());
        if (!s.stale()) {
            StepAccumulator acc = x.pending.get(step);
            if (acc == null) {
                x.pending.put(step, StepAccumulator.first(step, s.timestampMs(), s.value()));
                due.computeIfAbsent(step, k -> new ArrayList<>()).add(s.series());
            } else {
                x.pending.put(step, acc.add(s.timestampMs(), s.value()));
            }
        }
        advance(Math.max(watermark, s.timestampMs() - config.ingest().maxOutOfOrderness().toMillis() - 1));
    }

    /** The job ends a series silent past its expiry (or ended by a staleness marker and silent past max-gap). */
    private boolean expired(Series x) {
        return x.pending.isEmpty() && watermark >= x.engine.cursor().closeAt(features);
    }

    /** Event time reached {@code wm}: every step that ended by then closes, oldest first. */
    private void advance(long wm) {
        watermark = wm;
        long stepMs = features.stepMs();
        while (!due.isEmpty() && due.firstKey() + stepMs - 1 <= wm) {
            var e = due.pollFirstEntry();
            List<String> ids = new ArrayList<>(e.getValue());
            ids.sort(Comparator.naturalOrder());
            Map<Long, List<ScoredPoint>> byTime = new TreeMap<>();
            for (String id : ids) {
                Series x = series.get(id);
                StepAccumulator acc = x.pending.remove(e.getKey());
                for (DetectEngine.Outcome o : x.engine.close(acc)) {
                    ScoredPoint p = correlation.attribute(o.point());
                    scores.add(p);
                    byTime.computeIfAbsent(p.timestampMs(), t -> new ArrayList<>()).add(p);
                }
            }
            byTime.forEach(correlation::at);
        }
    }

    private void finish() {
        advance(Long.MAX_VALUE);
        correlation.finish();
    }

    private Map<String, Long> write(Path outDir) throws IOException {
        Files.createDirectories(outDir);
        Map<String, List<String>> files = new LinkedHashMap<>();
        List<String> scoreRows = new ArrayList<>(List.of(OutputJson.SCORES_HEADER));
        List<String> anomalies = new ArrayList<>();
        for (ScoredPoint p : scores) {
            scoreRows.add(OutputJson.scoreRow(p));
            if (p.anomalous()) {
                anomalies.add(OutputJson.anomaly(p));
            }
        }
        files.put(OutputJson.SCORES_FILE, scoreRows);
        files.put(OutputJson.ANOMALIES_FILE, anomalies);
        files.put(OutputJson.INCIDENTS_FILE, correlation.incidents().stream().map(OutputJson::incident).toList());
        files.put(OutputJson.ALERTS_FILE, correlation.alerts().stream().map(OutputJson::alert).toList());
        files.put(OutputJson.DEAD_LETTERS_FILE, deadLetters.stream().map(OutputJson::deadLetter).toList());
        Map<String, Long> counts = new LinkedHashMap<>();
        for (var f : files.entrySet()) {
            try (BufferedWriter w = Files.newBufferedWriter(outDir.resolve(f.getKey()), StandardCharsets.UTF_8)) {
                for (String l : f.getValue()) {
                    w.write(l);
                    w.newLine();
                }
            }
            counts.put(f.getKey(), (long) f.getValue().size() - (f.getKey().equals(OutputJson.SCORES_FILE) ? 1 : 0));
        }
        return counts;
    }
}
