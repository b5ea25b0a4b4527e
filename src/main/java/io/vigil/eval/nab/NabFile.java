package io.vigil.eval.nab;

/**
 * One scored data file as the NAB scorer sees it: a score per row in file order and the anomaly
 * windows as inclusive row ranges.
 *
 * @param name {@code <category>/<file>.csv}
 * @param scores one score per row; NaN counts as "not detected" at every threshold
 * @param windows {@code {first row, last row}} per window, sorted and disjoint
 */
public record NabFile(String name, double[] scores, int[][] windows) {
    /** The probation lasts 15% of the file, never more than 15% of 5000 rows. */
    static final double PROBATION_SHARE = 0.15;
    static final int PROBATION_CAP_ROWS = 5000;

    public NabFile {
        int prevEnd = -1;
        for (int[] w : windows) {
            if (w.length != 2 || w[0] > w[1] || w[0] <= prevEnd || w[1] >= scores.length) {
                throw new IllegalArgumentException(name + ": windows must be sorted, disjoint row ranges inside the "
                        + scores.length + " rows");
            }
            prevEnd = w[1];
        }
    }

    public int rows() {
        return scores.length;
    }

    /** Rows before this index are never scored (the detector is still learning). */
    public int probation() {
        return probation(scores.length);
    }

    static int probation(int rows) {
        return (int) Math.min(Math.floor(PROBATION_SHARE * rows), PROBATION_SHARE * PROBATION_CAP_ROWS);
    }

    /** Index of the window holding {@code row}, or -1. */
    int windowOf(int row) {
        for (int w = 0; w < windows.length; w++) {
            if (row >= windows[w][0] && row <= windows[w][1]) {
                return w;
            }
            if (row < windows[w][0]) {
                return -1;
            }
        }
        return -1;
    }

    /** True when the window has at least one row after the probation (otherwise it does not exist). */
    boolean scorable(int w) {
        return windows[w][1] >= probation();
    }
}
