package io.vigil.train;

import io.vigil.config.VigilConfig;
import io.vigil.detect.DetectEngine;
import io.vigil.detect.DetectorContext;
import io.vigil.detect.DetectorModules;
import io.vigil.detect.SharedModel;
import io.vigil.detect.entity.Entities;
import io.vigil.detect.entity.EntityConfig;
import io.vigil.detect.entity.EntityModule;
import io.vigil.detect.entity.EntitySeeds;
import io.vigil.detect.store.ModelStore;
import io.vigil.detect.store.SeedCodec;
import io.vigil.detect.store.StoreExpectation;
import io.vigil.detect.store.StoreManifest;
import io.vigil.model.WallClock;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;

/**
 * Trains every series' seed ({@link SeedTrainer}, on {@code threads} threads, one engine each) and
 * publishes them as a new version of the model store, with a manifest saying what, when, from
 * which data, with which settings and how well.
 */
public final class SeedTraining {
    private SeedTraining() {}

    /**
     * Where the history came from, which of its samples to leave out, and whole files to publish
     * in the same version (the forests trained on the same history, {@code forests/...}).
     */
    public record Input(List<HistorySeries> histories, String source, BiPredicate<HistorySeries, Long> excluded,
            Map<String, byte[]> files) {
        public Input(List<HistorySeries> histories, String source, BiPredicate<HistorySeries, Long> excluded) {
            this(histories, source, excluded, Map.of());
        }
    }

    public static StoreManifest run(VigilConfig cfg, DetectorModules modules, Input input, String location,
            int shards, int threads, WallClock clock, PrintWriter say) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        List<HistorySeries> histories = input.histories();
        // Models shared by many series are fitted first: each series' seed learns with them.
        LstmTraining.Networks nets = LstmTraining.fit(cfg, modules, histories, input.excluded(), threads, say);
        Map<String, byte[]> files = new LinkedHashMap<>(input.files());
        files.putAll(nets.files());
        DetectEngine reference = new DetectEngine(modules, DetectorContext.of(cfg));
        StoreExpectation expected = reference.expectation();
        SeedCodec codec = reference.codec();
        ThreadLocal<SeedTrainer> trainers = ThreadLocal.withInitial(() -> {
            SeedTrainer t = new SeedTrainer(cfg, modules);
            for (SharedModel m : nets.shared()) {
                try {
                    t.engine().accept(m);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return t;
        });
        AtomicLong done = new AtomicLong();
        AtomicLong points = new AtomicLong();
        AtomicLong excluded = new AtomicLong();
        AtomicLong anomalous = new AtomicLong();
        AtomicLong empty = new AtomicLong();
        Map<String, AtomicLong> warm = new ConcurrentHashMap<>();
        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        for (HistorySeries h : histories) {
            if (h.size() > 0) {
                from = Math.min(from, h.timestampsMs()[0]);
                to = Math.max(to, h.timestampsMs()[h.size() - 1]);
            }
        }
        EntityConfig entity = EntityModule.effective(EntityModule.settings(cfg.detect()), cfg.detect());
        List<EntitySeeds.EntitySeed> entitySeeds = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try (ModelStore.Writer w = ModelStore.create(location, shards, clock.millis())) {
            List<Future<?>> jobs = new ArrayList<>();
            long every = Math.max(1, histories.size() / 20);
            // An entity's series train on one thread, so their scored histories teach its relation
            // model right after and are let go: memory holds a few entities' histories at a time.
            for (Unit unit : units(histories, entity)) {
                jobs.add(pool.submit(() -> {
                    List<EntitySeeds.MemberSteps> members = new ArrayList<>();
                    for (HistorySeries h : unit.series()) {
                        EntitySeeds.MemberSteps steps = new EntitySeeds.MemberSteps(h.series(), h.labels());
                        SeedTrainer.Result r = trainers.get().train(h, t -> input.excluded().test(h, t),
                                unit.entity().isEmpty() ? p -> { } : steps::add);
                        excluded.addAndGet(r.excluded());
                        if (r.seed() == null) {
                            empty.incrementAndGet();
                        } else {
                            members.add(steps);
                            points.addAndGet(r.points());
                            anomalous.addAndGet(r.anomalousLastDay());
                            r.warm().forEach(k -> warm.computeIfAbsent(k, x -> new AtomicLong()).incrementAndGet());
                            try {
                                w.add(h.series(), codec.encode(r.seed()));
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }
                        long n = done.incrementAndGet();
                        if (n % every == 0 || n == histories.size()) {
                            synchronized (say) {
                                say.printf(Locale.ROOT, "  trained %,d of %,d series (%.0f s)%n", n, histories.size(),
                                        (System.nanoTime() - t0) / 1e9);
                                say.flush();
                            }
                        }
                    }
                    if (!unit.entity().isEmpty()) {
                        EntitySeeds.EntitySeed e = EntitySeeds.learn(unit.entity(), members, entity,
                                cfg.features().stepMs(), cfg.detect().calibration());
                        if (e != null) {
                            entitySeeds.add(e);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : jobs) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    throw new IllegalStateException("training failed: " + c.getMessage(), c);
                }
            }
            long series = w.series();
            Map<String, Double> quality = new TreeMap<>();
            quality.put("points", (double) points.get());
            quality.put("samples_left_out", (double) excluded.get());
            quality.put("series_without_points", (double) empty.get());
            quality.put("anomalous_points_last_day_per_series", series == 0 ? 0 : anomalous.get() / (double) series);
            warm.forEach((k, v) -> quality.put("warm_share." + k, series == 0 ? 0 : v.get() / (double) series));
            quality.put("training_seconds", (System.nanoTime() - t0) / 1e9);
            if (series == 0) {
                throw new IllegalArgumentException("no series had a grid point in the history: nothing to publish");
            }
            for (var f : files.entrySet()) {
                w.addFile(f.getKey(), f.getValue());
            }
            Map<String, String> settings = new TreeMap<>(expected.settings());
            Map<String, String> states = new TreeMap<>(expected.detectors());
            quality.put("entities", (double) entitySeeds.size());
            quality.put("lstm_networks", (double) nets.shared().size());
            if (!entitySeeds.isEmpty()) {
                List<EntitySeeds.EntitySeed> sorted = new ArrayList<>(entitySeeds);
                sorted.sort(Comparator.comparing(EntitySeeds.EntitySeed::key));
                w.addFile(EntitySeeds.FILE, EntitySeeds.encode(sorted));
                StoreExpectation entities = EntitySeeds.expectation(entity, cfg.features().stepMs(),
                        cfg.detect().calibration());
                settings.putAll(entities.settings());
                states.putAll(entities.detectors());
            }
            return w.publish(new StoreManifest(ModelStore.FORMAT, w.version(), clock.millis(), input.source(), from, to,
                    cfg.features().stepMs(), settings, states, series, shards, quality, List.of()));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Series trained together on one thread: an entity's ({@code entity} its key), or one series ("") */
    private record Unit(String entity, List<HistorySeries> series) {}

    /** An entity's series make one unit (the stage judges them together); every other series is its own. */
    private static List<Unit> units(List<HistorySeries> histories, EntityConfig entity) {
        Map<String, List<HistorySeries>> byEntity = new LinkedHashMap<>();
        List<Unit> units = new ArrayList<>();
        for (HistorySeries h : histories) {
            String key = entity.on() ? Entities.key(h.labels(), entity.labels()) : null;
            if (key == null) {
                units.add(new Unit("", List.of(h)));
            } else {
                byEntity.computeIfAbsent(key, k -> new ArrayList<>()).add(h);
            }
        }
        byEntity.forEach((k, v) -> units.add(new Unit(k, v)));
        return units;
    }

    /** What a published version holds, in a few lines for the person who ran the training. */
    public static List<String> describe(StoreManifest m, String location) {
        long bytes = m.files().stream().filter(f -> f.name().startsWith("seeds-"))
                .mapToLong(StoreManifest.FileEntry::bytes).sum();
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "published version %s of %s: %,d series, %,d points learned, %,d samples "
                        + "left out, %.0f bytes per series, %.1f ms per series", m.version(), location, m.series(),
                m.quality().get("points").longValue(), m.quality().get("samples_left_out").longValue(),
                bytes / (double) m.series(), m.quality().get("training_seconds") * 1000 / m.series()));
        Double entities = m.quality().get("entities");
        if (entities != null && entities > 0) {
            lines.add(String.format(Locale.ROOT, "  %.0f entities' relation models (detect.entity)", entities));
        }
        Double nets = m.quality().get("lstm_networks");
        if (nets != null && nets > 0) {
            lines.add(String.format(Locale.ROOT, "  %.0f families' LSTM networks (detect.lstm)", nets));
        }
        m.quality().forEach((k, v) -> {
            if (k.startsWith("warm_share.")) {
                lines.add(String.format(Locale.ROOT, "  %s warm at the end of the history in %.0f%% of series",
                        k.substring("warm_share.".length()), v * 100));
            }
        });
        return lines;
    }
}
