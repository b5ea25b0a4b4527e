package io.vigil.detect.seasonal;

/** Order statistics without a full sort (Hoare's selection): medians of residuals in O(n). */
final class Selection {
    private Selection() {}

    /** The k-th smallest (0-based) of the first n values; reorders them. */
    static double kth(double[] a, int n, int k) {
        if (k < 0 || k >= n) {
            throw new IllegalArgumentException("k = " + k + " outside 0.." + (n - 1));
        }
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            double pivot = median3(a[lo], a[(lo + hi) >>> 1], a[hi]);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double tmp = a[i];
                    a[i] = a[j];
                    a[j] = tmp;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    private static double median3(double a, double b, double c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
}
