package io.vigil.detect.entity;

import java.util.Arrays;

/**
 * The tail of an entity's D² on normal steps, as a probability: exceedances over the 95th
 * percentile of the last {@link #SIZE} normal steps, taken as exponential (the tail of a sum of
 * squares is exponential-like whatever the series' own distributions), give p(D² ≥ d) far beyond
 * what the sample itself resolves. Refitted every {@link #REFRESH} additions.
 */
final class RelationTail {
    static final int SIZE = 512;
    static final int MIN = 200;
    static final int REFRESH = 64;
    static final double Q = 0.95;

    private RelationTail() {}

    /** {@code s} with one more normal step's D² in its ring. */
    static EntityLearning add(EntityLearning s, double d2) {
        s.tail()[s.tailNext()] = d2;
        int next = (s.tailNext() + 1) % SIZE;
        int count = Math.min(SIZE, s.tailCount() + 1);
        if (count < MIN || next % REFRESH != 0) {
            return s.withTail(count, next, s.tailStart(), s.tailScale());
        }
        double[] sorted = Arrays.copyOf(s.tail(), count);
        Arrays.sort(sorted);
        int at = (int) Math.floor(Q * (count - 1));
        double start = sorted[at];
        double excess = 0;
        for (int i = at + 1; i < count; i++) {
            excess += sorted[i] - start;
        }
        return s.withTail(count, next, start, excess / Math.max(1, count - at - 1));
    }

    /** p(D² ≥ d) on normal steps; 1 until the tail has been fitted. */
    static double probability(EntityLearning s, double d2) {
        if (s.tailCount() < MIN || !(s.tailScale() > 0)) {
            return 1;
        }
        if (d2 <= s.tailStart()) {
            return 1 - Q;
        }
        return (1 - Q) * Math.exp(-(d2 - s.tailStart()) / s.tailScale());
    }
}
