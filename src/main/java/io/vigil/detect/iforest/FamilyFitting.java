package io.vigil.detect.iforest;

import io.vigil.detect.SharedLearner;
import io.vigil.model.FeatureVector;

import java.util.ArrayList;
import java.util.List;

/**
 * Fits a family's forest in the stream from a bounded sample of its recent clean vectors, on a
 * schedule: a ring of at most {@code capacity} rows; the first fit once it holds {@code minRows},
 * then one every {@code refitEveryMs} of event time. So the ring spans about one refit period
 * whatever the family's size, it keeps one vector in {@code keepEvery} (doubled whenever a period
 * outgrows the ring; chosen by a hash of series and time, so replays keep the same rows).
 * Clean: not gap-filled, not in a mute or freeze window, with a full history; rows beyond 5 sigma
 * are left out at fit time ({@link ForestTrainer}).
 *
 * <p>Plain logic over a {@link Ring}: the Flink operator ({@link FitFamilies}) keeps the ring in
 * keyed map state, the evaluation driver in an array.
 */
public final class FamilyFitting implements java.io.Serializable {
    /** The sample's storage: one row per slot. */
    public interface Ring {
        void set(int slot, float[] row) throws Exception;

        float[] get(int slot) throws Exception;
    }

    /** A ring in a list, for code that keeps the sample in memory (the evaluation driver). */
    public static final class ListRing implements Ring {
        private final List<float[]> rows = new ArrayList<>();

        @Override
        public void set(int slot, float[] row) {
            if (slot == rows.size()) {
                rows.add(row);
            } else {
                rows.set(slot, row);
            }
        }

        @Override
        public float[] get(int slot) {
            return rows.get(slot);
        }

        public int size() {
            return rows.size();
        }
    }

    private final int capacity;
    private final int minRows;
    private final long refitEveryMs;
    private final double contamination;
    private final List<String> names;

    public FamilyFitting(int capacity, int minRows, long refitEveryMs, double contamination, List<String> names) {
        if (minRows < 64 || minRows > capacity) {
            throw new IllegalArgumentException("iforest min-rows must be in [64, sample-size], got " + minRows);
        }
        this.capacity = capacity;
        this.minRows = minRows;
        this.refitEveryMs = refitEveryMs;
        this.contamination = contamination;
        this.names = List.copyOf(names);
    }

    /** The family vector of {@code p} if it may teach the family's forest, else null. */
    public static double[] cleanVector(FeatureVector p, boolean muted, boolean frozen) {
        return SharedLearner.teaches(p, muted, frozen) ? FamilyVectors.of(p) : null;
    }

    /**
     * What one clean vector did: the sample's new position, whether the vector was kept, whether a
     * fit was due, and the model it gave (null when none was due or the rows could not train one).
     */
    public record Step(FamilyFit position, boolean kept, boolean fitDue, ForestModels.Model model) {}

    /** Offers a clean vector of {@code family} and fits when due: the one sequence every caller runs. */
    public Step learn(String family, FamilyFit f, String series, long tsMs, double[] v, Ring ring) throws Exception {
        FamilyFit after = offer(f, series, tsMs, v, ring);
        boolean kept = after.head() != f.head();
        if (!due(after, tsMs)) {
            return new Step(after, kept, false, null);
        }
        return new Step(fitted(after, tsMs), kept, true, fit(family, after, ring));
    }

    /** Offers a clean vector; returns the new position (the row is in the ring if kept). */
    public FamilyFit offer(FamilyFit f, String series, long tsMs, double[] v, Ring ring) throws Exception {
        long first = f.firstMs() == Long.MIN_VALUE ? tsMs : f.firstMs();
        if (f.keepEvery() > 1 && (mix(series.hashCode() * 1_000_003L + tsMs) & (f.keepEvery() - 1)) != 0) {
            return new FamilyFit(f.head(), f.size(), first, f.lastFitMs(), f.kept(), f.keepEvery(), f.version());
        }
        float[] row = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            row[i] = (float) v[i];
        }
        ring.set(f.head(), row);
        int kept = f.kept() + 1;
        int keepEvery = f.keepEvery();
        if (kept > capacity && keepEvery < (1 << 20)) { // the period outgrows the ring: thin harder
            keepEvery *= 2;
            kept /= 2;
        }
        return new FamilyFit((f.head() + 1) % capacity, Math.min(capacity, f.size() + 1), first, f.lastFitMs(), kept,
                keepEvery, f.version());
    }

    /**
     * Whether a fit is due at event time {@code tsMs}: {@code minRows} rows and a whole refit period
     * seen (a forest of the last hour would call every other hour of the day an anomaly), then once
     * a period.
     */
    public boolean due(FamilyFit f, long tsMs) {
        if (f.size() < minRows) {
            return false;
        }
        return f.lastFitMs() == Long.MIN_VALUE ? tsMs - f.firstMs() >= refitEveryMs : tsMs - f.lastFitMs() >= refitEveryMs;
    }

    /** Fits the family's forest on the ring; null when too few rows are clean enough to train. */
    public ForestModels.Model fit(String key, FamilyFit f, Ring ring) throws Exception {
        double[][] rows = new double[f.size()][];
        for (int i = 0; i < rows.length; i++) {
            float[] r = ring.get(i);
            rows[i] = new double[r.length];
            for (int j = 0; j < r.length; j++) {
                rows[i][j] = r[j];
            }
        }
        ForestTrainer.Trained t;
        try {
            t = ForestTrainer.withContamination(contamination).fit(rows, key.hashCode() * 1_000_003L + f.version());
        } catch (IllegalArgumentException e) {
            return null; // e.g. a constant family: nothing to isolate; the univariate detectors cover it
        }
        return t.model("family", key, names, 0);
    }

    /** The position after a fit at {@code tsMs}; a period that filled less than half the ring thins less. */
    public FamilyFit fitted(FamilyFit f, long tsMs) {
        int keepEvery = f.kept() < capacity / 2 && f.keepEvery() > 1 ? f.keepEvery() / 2 : f.keepEvery();
        return new FamilyFit(f.head(), f.size(), f.firstMs(), tsMs, 0, keepEvery, f.version() + 1);
    }

    private static long mix(long z) { // fmix64 (MurmurHash3's finaliser): spreads series and time evenly
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb93fe53ae2b3L;
        return z ^ (z >>> 33);
    }
}
