package io.vigil.eval.suite;

import io.vigil.config.DetectConfig.CalibrationConfig;
import io.vigil.detect.calibrate.NormalQuantile;
import io.vigil.eval.ReplayResults;
import io.vigil.eval.ReplayResults.SeriesScores;
import io.vigil.model.SeriesIds;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The suite's figures from two replays of it: per anomaly kind, how many were alarmed (a point of
 * the series flagged anomalous between the anomaly's start and its end plus {@code graceMs}) and how
 * soon; on the clean twin, how many false alert runs (maximal runs of flagged points) and pages a
 * series makes per day; and the false runs of the anomalous replay outside every anomaly. Beside each
 * kind's count stands the ideal one: the anomalies with a point beyond {@link #idealZ}, the deviation
 * a detector that knew each series' shape and noise exactly could alarm on within the false-alarm
 * budget, so a short count shows whether the detectors or the noise hid an anomaly (a 4σ spike
 * whose own noise pulled it to 3σ is invisible to any detector at that budget).
 */
public record SuiteScore(Map<AnomalyKind, Kind> kinds, long falseRunsClean, long falseRunsOutside, long pagesClean,
        int series, double days) {

    /**
     * One kind's figures; {@code ideal}: how many an ideal detector would alarm on; {@code delaysMs}
     * of the alarmed ones.
     */
    public record Kind(int injected, int alarmed, int ideal, List<Long> delaysMs) {
        public double recall() {
            return injected == 0 ? Double.NaN : alarmed / (double) injected;
        }

        public double medianDelayMs() {
            if (delaysMs.isEmpty()) {
                return Double.NaN;
            }
            List<Long> d = new ArrayList<>(delaysMs);
            d.sort(null);
            return d.get(d.size() / 2);
        }
    }

    /**
     * The |z| beyond which a point of Gaussian noise lies {@code falseAlarmsPerDay} times a day at
     * one point per {@code stepMs}: the least deviation a detector with no error of its own could
     * alarm on within that budget.
     */
    public static double idealZ(double falseAlarmsPerDay, long stepMs) {
        return NormalQuantile.of(1 - CalibrationConfig.pointBudget(falseAlarmsPerDay, stepMs) / 2);
    }

    /** {@code idealZ}: see {@link #idealZ}. */
    public static SuiteScore of(List<InjectedAnomaly> anomalies, ReplayResults dirty, ReplayResults clean, long graceMs,
            double days, double idealZ) {
        Map<AnomalyKind, int[]> counts = new EnumMap<>(AnomalyKind.class);
        Map<AnomalyKind, List<Long>> delays = new EnumMap<>(AnomalyKind.class);
        for (AnomalyKind k : AnomalyKind.values()) {
            counts.put(k, new int[3]);
            delays.put(k, new ArrayList<>());
        }
        for (InjectedAnomaly a : anomalies) {
            counts.get(a.kind())[0]++;
            if (a.peakSigma() > idealZ) {
                counts.get(a.kind())[2]++;
            }
            SeriesScores s = dirty.series().get(id(a.series()));
            long first = s == null ? -1 : firstFlag(s, a.startMs(), a.endMs() + graceMs);
            if (first >= 0) {
                counts.get(a.kind())[1]++;
                delays.get(a.kind()).add(first - a.startMs());
            }
        }
        Map<AnomalyKind, Kind> kinds = new EnumMap<>(AnomalyKind.class);
        counts.forEach((k, c) -> kinds.put(k, new Kind(c[0], c[1], c[2], List.copyOf(delays.get(k)))));
        long outside = 0;
        for (SeriesScores s : dirty.series().values()) {
            outside += runs(s, anomalies, graceMs);
        }
        long cleanRuns = 0;
        for (SeriesScores s : clean.series().values()) {
            cleanRuns += runs(s, List.of(), 0);
        }
        return new SuiteScore(kinds, cleanRuns, outside, clean.firingAlerts().size(), clean.series().size(), days);
    }

    static String id(String series) {
        return SeriesIds.of(DetectionSuite.METRIC, Map.of("series", series));
    }

    private static long firstFlag(SeriesScores s, long fromMs, long toMs) {
        for (int i = 0; i < s.rows(); i++) {
            if (s.alert()[i] && s.timestampsMs()[i] >= fromMs && s.timestampsMs()[i] < toMs) {
                return s.timestampsMs()[i];
            }
        }
        return -1;
    }

    /** Runs of flagged points that start outside every anomaly of the series (plus grace). */
    private static long runs(SeriesScores s, List<InjectedAnomaly> anomalies, long graceMs) {
        long n = 0;
        boolean in = false;
        for (int i = 0; i < s.rows(); i++) {
            if (s.alert()[i] && !in && !inside(s.series(), s.timestampsMs()[i], anomalies, graceMs)) {
                n++;
            }
            in = s.alert()[i];
        }
        return n;
    }

    private static boolean inside(String seriesId, long t, List<InjectedAnomaly> anomalies, long graceMs) {
        for (InjectedAnomaly a : anomalies) {
            if (id(a.series()).equals(seriesId) && t >= a.startMs() && t < a.endMs() + graceMs) {
                return true;
            }
        }
        return false;
    }

    public double recall() {
        return share(Kind::alarmed);
    }

    /** The share of anomalies an ideal detector would alarm on (see {@link #idealZ}). */
    public double idealRecall() {
        return share(Kind::ideal);
    }

    private double share(ToIntFunction<Kind> count) {
        int injected = 0;
        int counted = 0;
        for (Kind k : kinds.values()) {
            injected += k.injected();
            counted += count.applyAsInt(k);
        }
        return injected == 0 ? Double.NaN : counted / (double) injected;
    }

    /** False alert runs per series per day on the clean twin. */
    public double falseRunsPerSeriesDay() {
        return falseRunsClean / (series * days);
    }

    public List<String> lines() {
        List<String> out = new ArrayList<>();
        for (var e : kinds.entrySet()) {
            Kind k = e.getValue();
            out.add(String.format(Locale.ROOT, "%-6s %2d of %2d alarmed (%5.1f%%, ideal %2d), median delay %s",
                    e.getKey().wireName(), k.alarmed(), k.injected(), 100 * k.recall(), k.ideal(),
                    delay(k.medianDelayMs())));
        }
        out.add(String.format(Locale.ROOT, "all    recall %.1f%% (ideal %.1f%%); clean twin: %d false alert runs (%.3f per series per day),"
                + " %d pages; anomalous run: %d false runs outside the anomalies", 100 * recall(), 100 * idealRecall(),
                falseRunsClean,
                falseRunsPerSeriesDay(), pagesClean, falseRunsOutside));
        return out;
    }

    private static String delay(double ms) {
        return Double.isNaN(ms) ? "-" : String.format(Locale.ROOT, "%.0f min", ms / 60_000);
    }
}
