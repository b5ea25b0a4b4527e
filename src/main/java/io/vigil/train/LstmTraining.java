package io.vigil.train;

import io.vigil.config.VigilConfig;
import io.vigil.detect.DetectorModules;
import io.vigil.detect.SharedLearner;
import io.vigil.detect.SharedModel;
import io.vigil.detect.iforest.TrainingData;
import io.vigil.detect.lstm.LstmConfig;
import io.vigil.detect.lstm.LstmFamilies;
import io.vigil.detect.lstm.LstmFamilyFit;
import io.vigil.detect.lstm.LstmFitting;
import io.vigil.detect.lstm.LstmModel;
import io.vigil.detect.lstm.LstmModule;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiPredicate;

/**
 * The metric families' LSTM networks from history, when {@code detect.lstm} is on: the first
 * {@code max-series} series of each family run through the job's engine (so the network learns the
 * grid points the stream gives it, cleaned by the stream's rules), their points kept whole up to
 * {@link #MAX_POINTS} each (every stretch between gaps and left-out incidents), one network fitted
 * per family as the stream fits it.
 */
final class LstmTraining {
    /** Grid points kept per series: 35 days at one minute. */
    static final int MAX_POINTS = 50_400;

    /** The networks as a version's file and as the shared models the series' seeds learn with. */
    record Networks(Map<String, byte[]> files, List<SharedModel> shared) {
        static final Networks NONE = new Networks(Map.of(), List.of());
    }

    private LstmTraining() {}

    static Networks fit(VigilConfig cfg, DetectorModules modules, List<HistorySeries> histories,
            BiPredicate<HistorySeries, Long> excluded, int threads, PrintWriter say) throws InterruptedException {
        LstmConfig c = LstmModule.settings(cfg.detect());
        if (!c.enabled()) {
            return Networks.NONE;
        }
        long t0 = System.nanoTime();
        long stepMs = cfg.features().stepMs();
        Map<String, List<HistorySeries>> families = new LinkedHashMap<>();
        long span = 0;
        for (HistorySeries h : histories) {
            List<HistorySeries> f = families.computeIfAbsent(
                    TrainingData.familyKey(h.metric(), h.labels(), c.familyLabel()), k -> new ArrayList<>());
            if (f.size() < c.maxSeries() && h.size() > 0) {
                f.add(h);
                span = Math.max(span, (h.timestampsMs()[h.size() - 1] - h.timestampsMs()[0]) / stepMs + 1);
            }
        }
        LstmFitting fitting = new LstmFitting(c, stepMs, (int) Math.min(MAX_POINTS, Math.max(c.historyPoints(), span)));
        say.printf(Locale.ROOT, "train: LSTM networks for %,d families (up to %d series each)%n", families.size(),
                c.maxSeries());
        say.flush();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        ThreadLocal<SeedTrainer> trainers = ThreadLocal.withInitial(() -> new SeedTrainer(cfg, modules));
        try {
            List<Future<LstmModel>> jobs = new ArrayList<>();
            for (var e : families.entrySet()) {
                jobs.add(pool.submit(() -> fitFamily(e.getKey(), e.getValue(), fitting, trainers.get(), excluded,
                        say)));
            }
            List<LstmModel> models = new ArrayList<>();
            for (Future<LstmModel> f : jobs) {
                LstmModel m = f.get();
                if (m != null) {
                    models.add(m);
                }
            }
            say.printf(Locale.ROOT, "train: %d of %d families have an LSTM network (%.1f s)%n", models.size(),
                    families.size(), (System.nanoTime() - t0) / 1e9);
            say.flush();
            return new Networks(Map.of(LstmFamilies.STORE_FILE, LstmModel.encodeAll(models)),
                    models.stream().map(LstmModel::shared).toList());
        } catch (ExecutionException e) {
            throw new IllegalStateException("LSTM training failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static LstmModel fitFamily(String family, List<HistorySeries> members, LstmFitting fitting,
            SeedTrainer trainer, BiPredicate<HistorySeries, Long> excluded, PrintWriter say) throws Exception {
        long t0 = System.nanoTime();
        LstmFitting.SegmentTracks tracks = new LstmFitting.SegmentTracks();
        LstmFamilyFit[] position = {LstmFamilyFit.EMPTY};
        long[] until = {Long.MIN_VALUE};
        SharedLearner collect = (p, muted, frozen) -> {
            if (SharedLearner.teaches(p, muted, frozen)) {
                try {
                    position[0] = fitting.offer(position[0], p.series(), p.timestampMs(), p.value(), tracks);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                until[0] = Math.max(until[0], p.timestampMs());
            }
            return List.of();
        };
        for (HistorySeries h : members) {
            trainer.train(h, t -> excluded.test(h, t), p -> { }, List.of(collect));
        }
        LstmModel m = until[0] == Long.MIN_VALUE ? null : fitting.fit(family, until[0], 0, tracks);
        synchronized (say) {
            if (m == null) {
                say.printf(Locale.ROOT, "  lstm %s: %d series, no network (too short, or it does not forecast better "
                        + "than the last value) (%.1f s)%n", family, members.size(), (System.nanoTime() - t0) / 1e9);
            } else {
                say.printf(Locale.ROOT, "  lstm %s: %d series, validation error %.3f against %.3f for the last value "
                        + "(%.1f s)%n", family, members.size(), m.rmse(), m.naiveRmse(), (System.nanoTime() - t0) / 1e9);
            }
            say.flush();
        }
        return m;
    }
}
