package io.vigil.eval.suite;

import io.vigil.model.Timestamps;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A labelled synthetic test set for detection: {@code series} seasonal series at one step, each
 * with {@code perSeries} injected anomalies of every {@link AnomalyKind} in turn (4-6σ; a burst is five
 * times the noise; at
 * random times after the first day, at least half a day apart), written twice: {@code metrics.csv}
 * with the anomalies and {@code clean.csv}, the same series and noise without them (so false alarms
 * are counted on data known to be normal). {@code labels.csv} lists the anomalies, each with the
 * peak deviation its points reached, noise included.
 */
public final class DetectionSuite {
    /** A Monday, so weekday and weekend fall where the series expect them. */
    public static final long START_MS = Timestamps.parse("2026-01-05T00:00:00Z");
    public static final String METRICS = "metrics.csv";
    public static final String CLEAN = "clean.csv";
    public static final String LABELS = "labels.csv";
    /** With history days: the clean twin's history alone (what {@code vigil train} learns from). */
    public static final String HISTORY = "history.csv";
    /** With history days: the days after the history alone, anomalous and clean. */
    public static final String LIVE_METRICS = "live-metrics.csv";
    public static final String LIVE_CLEAN = "live-clean.csv";
    static final String METRIC = "suite_value";

    private DetectionSuite() {}

    /** What was written: the anomalies, in series order then time. */
    public record Written(long rows, List<InjectedAnomaly> anomalies) {}

    public static Written write(Path dir, Duration step, int days, int seriesCount, int perSeries, long seed)
            throws IOException {
        return write(dir, step, days, seriesCount, perSeries, seed, 0);
    }

    /** The start of the days after {@code historyDays} of history. */
    public static long liveStartMs(int historyDays) {
        return START_MS + historyDays * SuiteSeries.DAY;
    }

    /**
     * The suite over {@code historyDays} of clean history and then {@code days} with the anomalies
     * (all in the later days; with no history, after the first day). With history, besides the
     * whole files it writes the history alone ({@link #HISTORY}) and the later days alone
     * ({@link #LIVE_METRICS}, {@link #LIVE_CLEAN}).
     */
    public static Written write(Path dir, Duration step, int days, int seriesCount, int perSeries, long seed,
            int historyDays) throws IOException {
        if (historyDays == 0 && days < 2 || days < 1 || seriesCount < 1 || perSeries < 0 || historyDays < 0) {
            throw new IllegalArgumentException("the suite needs at least 2 days and 1 series, got " + days + " days, "
                    + seriesCount + " series");
        }
        Files.createDirectories(dir);
        Random r = new Random(seed);
        long stepMs = step.toMillis();
        long liveMs = liveStartMs(historyDays);
        long endMs = liveMs + days * SuiteSeries.DAY;
        long anomaliesFrom = historyDays == 0 ? START_MS + SuiteSeries.DAY : liveMs;
        List<SuiteSeries> series = new ArrayList<>();
        List<InjectedAnomaly> anomalies = new ArrayList<>();
        AnomalyKind[] kinds = AnomalyKind.values();
        int k = 0;
        for (int i = 0; i < seriesCount; i++) {
            SuiteSeries s = SuiteSeries.draw(String.format("s%02d", i), r);
            series.add(s);
            anomalies.addAll(place(s.name(), perSeries, kinds, k, stepMs, anomaliesFrom, endMs, r));
            k += perSeries;
        }
        long rows = 0;
        long noiseSeed = r.nextLong();
        double[] peaks = new double[anomalies.size()];
        String header = "timestamp,metric,value,series\n";
        try (BufferedWriter m = Files.newBufferedWriter(dir.resolve(METRICS), StandardCharsets.UTF_8);
                BufferedWriter c = Files.newBufferedWriter(dir.resolve(CLEAN), StandardCharsets.UTF_8);
                BufferedWriter h = historyDays == 0 ? null : Files.newBufferedWriter(dir.resolve(HISTORY), StandardCharsets.UTF_8);
                BufferedWriter lm = historyDays == 0 ? null : Files.newBufferedWriter(dir.resolve(LIVE_METRICS), StandardCharsets.UTF_8);
                BufferedWriter lc = historyDays == 0 ? null : Files.newBufferedWriter(dir.resolve(LIVE_CLEAN), StandardCharsets.UTF_8)) {
            for (BufferedWriter w : new BufferedWriter[] {m, c, h, lm, lc}) {
                if (w != null) {
                    w.write(header);
                }
            }
            Random[] noise = new Random[series.size()];
            for (int i = 0; i < noise.length; i++) {
                noise[i] = new Random(noiseSeed + i);
            }
            for (long t = START_MS; t < endMs; t += stepMs) {
                String ts = Timestamps.format(t);
                for (int i = 0; i < series.size(); i++) {
                    SuiteSeries s = series.get(i);
                    double z = noise[i].nextGaussian();
                    double shape = s.value(t, START_MS);
                    double clean = shape + s.sigma() * z;
                    double dirty = clean;
                    for (int j = 0; j < anomalies.size(); j++) {
                        InjectedAnomaly a = anomalies.get(j);
                        if (a.series().equals(s.name()) && t >= a.startMs() && t < a.endMs()) {
                            dirty += effect(a, t, s.sigma() * z, s.sigma());
                            peaks[j] = Math.max(peaks[j], Math.abs(dirty - shape) / s.sigma());
                        }
                    }
                    String cleanRow = ts + "," + METRIC + "," + clean + "," + s.name() + "\n";
                    String dirtyRow = ts + "," + METRIC + "," + dirty + "," + s.name() + "\n";
                    c.write(cleanRow);
                    m.write(dirtyRow);
                    if (h != null && t < liveMs) {
                        h.write(cleanRow);
                    } else if (h != null) {
                        lc.write(cleanRow);
                        lm.write(dirtyRow);
                    }
                    rows++;
                }
            }
        }
        List<InjectedAnomaly> written = new ArrayList<>();
        for (int j = 0; j < anomalies.size(); j++) {
            written.add(anomalies.get(j).withPeak(peaks[j]));
        }
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(LABELS), StandardCharsets.UTF_8)) {
            w.write("start,end,series,kind,size_sigma,peak_sigma\n");
            for (InjectedAnomaly a : written) {
                w.write(Timestamps.format(a.startMs()) + "," + Timestamps.format(a.endMs()) + "," + a.series() + ","
                        + a.kind().wireName() + "," + String.format(java.util.Locale.ROOT, "%.2f,%.2f", a.size(),
                        a.peakSigma()) + "\n");
            }
        }
        return new Written(rows, written);
    }

    /** Anomalies for one series: kinds in turn, at random times after {@code from}, half a day apart at least. */
    private static List<InjectedAnomaly> place(String series, int n, AnomalyKind[] kinds, int firstKind, long stepMs,
            long from, long endMs, Random r) {
        List<InjectedAnomaly> out = new ArrayList<>();
        long span = (endMs - from) / Math.max(1, n);
        for (int j = 0; j < n; j++) {
            AnomalyKind kind = kinds[(firstKind + j) % kinds.length];
            long length = switch (kind) {
                case SPIKE -> stepMs;
                case DIP -> (3 + r.nextInt(6)) * stepMs;
                case SHIFT -> (2 + r.nextInt(3)) * 3_600_000L;
                case BURST -> (1 + r.nextInt(2)) * 3_600_000L;
                case RAMP -> 2 * 3_600_000L;
            };
            long slotStart = from + j * span;
            long latest = Math.max(slotStart, slotStart + span - length - SuiteSeries.DAY / 2);
            long start = (slotStart + (long) (r.nextDouble() * (latest - slotStart))) / stepMs * stepMs;
            double size = kind == AnomalyKind.BURST ? 5 : 4 + 2 * r.nextDouble();
            out.add(new InjectedAnomaly(series, kind, start, start + length, size));
        }
        return out;
    }

    /** What the anomaly adds to the clean value at {@code t} ({@code noise} is this point's noise). */
    static double effect(InjectedAnomaly a, long t, double noise, double sigma) {
        double size = a.size() * sigma;
        return switch (a.kind()) {
            case SPIKE -> (a.startMs() / 1000 % 2 == 0 ? 1 : -1) * size;
            case DIP -> -size;
            case SHIFT -> size;
            case BURST -> 4 * noise; // the noise five times as large
            case RAMP -> size * (t - a.startMs()) / (double) (a.endMs() - a.startMs());
        };
    }
}
