package io.vigil.detect.iforest;

/**
 * The double t with {@code fl(c·v) ≥ b ⟺ v ≥ t} for every finite v (c > 0): fl(c·v) is monotone in
 * v, so the set where it reaches b is a ray, and bisection over the doubles in their numeric order
 * (as ordered longs) finds where it starts in at most 64 steps.
 */
final class ExactThreshold {
    private ExactThreshold() {}

    static double smallestReaching(double c, double b) {
        if (!(c > 0) || Double.isNaN(b)) {
            throw new IllegalArgumentException("need a positive finite coefficient and a bias, got " + c + ", " + b);
        }
        long lo = ordered(-Double.MAX_VALUE);
        long hi = ordered(Double.MAX_VALUE);
        if (c * -Double.MAX_VALUE >= b) {
            return Double.NEGATIVE_INFINITY; // every finite v reaches it
        }
        if (!(c * Double.MAX_VALUE >= b)) {
            return Double.POSITIVE_INFINITY; // none does
        }
        // Invariant: value(lo) does not reach b, value(hi) does.
        while (lo + 1 < hi) { // the range spans most of the longs: no hi - lo, which overflows
            long mid = (lo >> 1) + (hi >> 1) + (lo & hi & 1);
            if (c * value(mid) >= b) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return value(hi);
    }

    /** Doubles as longs in numeric order (−0.0 and +0.0 adjacent, which is harmless here). */
    static long ordered(double d) {
        long bits = Double.doubleToRawLongBits(d);
        return bits < 0 ? ~(bits & Long.MAX_VALUE) : bits;
    }

    static double value(long ordered) {
        return Double.longBitsToDouble(ordered < 0 ? ~ordered | Long.MIN_VALUE : ordered);
    }
}
