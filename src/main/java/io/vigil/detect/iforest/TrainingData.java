package io.vigil.detect.iforest;

import io.vigil.config.FeatureConfig;
import io.vigil.features.FeatureWindow;
import io.vigil.ingest.CsvHistory;
import io.vigil.model.FeatureVector;
import io.vigil.model.GridPoint;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiPredicate;

/**
 * History for training, from a CSV in the seed's format: every series resampled to the job's step
 * (mean of the samples in a step; counters as per-second rates between steps, a reset skipped), then
 * turned into the two kinds of training rows. Rows inside excluded windows (labelled incidents,
 * maintenance) are left out and counted.
 */
public final class TrainingData {
    /** One series on the grid. */
    public record Series(String id, String metric, Map<String, String> labels, TreeMap<Long, Double> steps) {}

    /** Training rows of one model, the step each row is at, and how many were left out by the windows. */
    public record Rows(List<String> features, List<double[]> rows, List<Long> times, int excluded) {}

    private final FeatureConfig features;
    private final Map<String, Series> series;

    private TrainingData(FeatureConfig features, Map<String, Series> series) {
        this.features = features;
        this.series = series;
    }

    public static TrainingData read(Path file, FeatureConfig features, PrintWriter progress) throws IOException {
        Builder b = new Builder(features);
        CsvHistory.read(file, progress, line -> true, s -> {
            if (!s.stale()) {
                b.add(s.series(), s.metric(), s.labels(), s.timestampMs(), s.value());
            }
        });
        return b.build();
    }

    /** Samples in, series on the grid out: each step's mean, or a counter's rate between steps. */
    public static final class Builder {
        private final FeatureConfig features;
        private final Map<String, String> metrics = new LinkedHashMap<>();
        private final Map<String, Map<String, String>> labels = new LinkedHashMap<>();
        private final Map<String, TreeMap<Long, double[]>> sums = new LinkedHashMap<>();

        public Builder(FeatureConfig features) {
            this.features = features;
        }

        public void add(String series, String metric, Map<String, String> seriesLabels, long timestampMs, double value) {
            long stepMs = features.stepMs();
            metrics.putIfAbsent(series, metric);
            labels.putIfAbsent(series, seriesLabels);
            double[] acc = sums.computeIfAbsent(series, k -> new TreeMap<>())
                    .computeIfAbsent(Math.floorDiv(timestampMs, stepMs) * stepMs, k -> new double[3]);
            acc[0] += value;
            acc[1]++;
            acc[2] = value; // the last sample of the step (for counters)
        }

        public TrainingData build() {
            Map<String, Series> series = new LinkedHashMap<>();
            for (var e : sums.entrySet()) {
                String metric = metrics.get(e.getKey());
                TreeMap<Long, Double> steps = new TreeMap<>();
                if (features.isCounter(metric)) {
                    Long prevT = null;
                    double prev = 0;
                    for (var s : e.getValue().entrySet()) {
                        double v = s.getValue()[2];
                        if (prevT != null && v >= prev) {
                            steps.put(s.getKey(), (v - prev) / ((s.getKey() - prevT) / 1000.0));
                        }
                        prevT = s.getKey();
                        prev = v;
                    }
                } else {
                    e.getValue().forEach((t, acc) -> steps.put(t, acc[0] / acc[1]));
                }
                series.put(e.getKey(), new Series(e.getKey(), metric, labels.get(e.getKey()), steps));
            }
            return new TrainingData(features, series);
        }
    }

    public Map<String, Series> series() {
        return series;
    }

    /**
     * Family rows: per series the seed's feature vector at every step with a full history; series
     * group by metric name and the value of {@code groupLabel} (absent: one family per metric).
     */
    public Map<String, Rows> familyRows(String groupLabel, BiPredicate<Series, Long> excluded) {
        List<String> names = FamilyVectors.names(features.lagSteps(), features.windowSteps());
        Map<String, List<double[]>> rows = new TreeMap<>();
        Map<String, List<Long>> times = new TreeMap<>();
        Map<String, Integer> left = new TreeMap<>();
        for (Series s : series.values()) {
            String key = familyKey(s.metric(), s.labels(), groupLabel);
            FeatureWindow window = new FeatureWindow(features);
            List<double[]> out = rows.computeIfAbsent(key, k -> new ArrayList<>());
            List<Long> at = times.computeIfAbsent(key, k -> new ArrayList<>());
            for (var step : s.steps().entrySet()) {
                FeatureVector fv = window.next(new GridPoint(s.id(), s.metric(), s.labels(), step.getKey(),
                        step.getValue(), false, false));
                double[] v = FamilyVectors.of(fv);
                if (v == null) {
                    continue;
                }
                if (excluded.test(s, step.getKey())) {
                    left.merge(key, 1, Integer::sum);
                } else {
                    out.add(v);
                    at.add(step.getKey());
                }
            }
        }
        Map<String, Rows> result = new TreeMap<>();
        rows.forEach((k, v) -> result.put(k, new Rows(names, v, times.get(k), left.getOrDefault(k, 0))));
        return result;
    }

    /**
     * Entity rows: per value of {@code entityLabel}, one row per step holding every one of the
     * entity's series at that step (columns in series-id order). A step where any of them is missing
     * is not a row: a gap is not a zero.
     */
    public Map<String, Rows> entityRows(String entityLabel, BiPredicate<Series, Long> excluded) {
        Map<String, List<Series>> byEntity = new TreeMap<>();
        for (Series s : series.values()) {
            String e = s.labels().get(entityLabel);
            if (e != null) {
                byEntity.computeIfAbsent(e, k -> new ArrayList<>()).add(s);
            }
        }
        Map<String, Rows> result = new TreeMap<>();
        byEntity.forEach((entity, members) -> {
            if (members.size() < 2) {
                return; // one metric alone is the univariate detectors' job
            }
            members.sort((a, b) -> a.id().compareTo(b.id()));
            List<double[]> rows = new ArrayList<>();
            List<Long> at = new ArrayList<>();
            int left = 0;
            for (Long t : members.get(0).steps().keySet()) {
                double[] row = new double[members.size()];
                boolean complete = true;
                boolean out = false;
                for (int j = 0; j < row.length && complete; j++) {
                    Double v = members.get(j).steps().get(t);
                    complete = v != null;
                    row[j] = complete ? v : 0;
                    out |= complete && excluded.test(members.get(j), t);
                }
                if (!complete) {
                    continue;
                }
                if (out) {
                    left++;
                } else {
                    rows.add(row);
                    at.add(t);
                }
            }
            result.put(entity, new Rows(members.stream().map(Series::id).toList(), rows, at, left));
        });
        return result;
    }

    public static String familyKey(String metric, Map<String, String> labels, String groupLabel) {
        String g = groupLabel == null || groupLabel.isEmpty() ? null : labels.get(groupLabel);
        return g == null ? metric : metric + "/" + g;
    }
}
