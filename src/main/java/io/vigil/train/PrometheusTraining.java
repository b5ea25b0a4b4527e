package io.vigil.train;

import io.vigil.config.VigilConfig;
import io.vigil.detect.DetectorModules;
import io.vigil.detect.store.StoreManifest;
import io.vigil.model.Timestamps;
import io.vigil.model.WallClock;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * History from Prometheus into a new store version: what {@code vigil train --from prometheus}
 * and {@code vigil run --backfill} both do.
 */
public final class PrometheusTraining {
    private PrometheusTraining() {}

    /** The series of {@code queries} over {@code [fromMs, toMs]} at the configuration's step, trained and published. */
    public static StoreManifest run(VigilConfig cfg, String url, List<String> queries, long fromMs, long toMs,
            BiPredicate<HistorySeries, Long> excluded, String location, int shards, int threads, PrintWriter say)
            throws IOException, InterruptedException {
        HistoryCollector history = fetch(cfg, url, queries, fromMs, toMs, say);
        return SeedTraining.run(cfg, DetectorModules.standard(),
                new SeedTraining.Input(history.histories(), source(url, queries), excluded),
                location, shards, threads, WallClock.system(), say);
    }

    /** What the store's manifest names as the source of a history from Prometheus. */
    public static String source(String url, List<String> queries) {
        return url + " " + String.join(" ", queries);
    }

    /** The series of {@code queries} over {@code [fromMs, toMs]} at the configuration's step; none is an error. */
    public static HistoryCollector fetch(VigilConfig cfg, String url, List<String> queries, long fromMs, long toMs,
            PrintWriter say) throws IOException, InterruptedException {
        say.printf("history from %s, %s to %s, step %s%n", url, Timestamps.format(fromMs), Timestamps.format(toMs),
                cfg.features().step());
        say.flush();
        HistoryCollector history = new HistoryCollector();
        PrometheusHistory.Fetched f = new PrometheusHistory(url).fetch(queries, fromMs, toMs, cfg.features().stepMs(),
                say, history::add);
        say.printf("  %,d samples of %,d series in %d requests (%d retried)%s%n", f.samples(), f.series(),
                f.requests(), f.retries(), f.nonFinite() > 0 ? ", " + f.nonFinite() + " non-finite values skipped" : "");
        if (history.seriesCount() == 0) {
            throw new IllegalArgumentException("Prometheus at " + url + " has no samples for " + queries + " between "
                    + Timestamps.format(fromMs) + " and " + Timestamps.format(toMs));
        }
        say.flush();
        return history;
    }
}
