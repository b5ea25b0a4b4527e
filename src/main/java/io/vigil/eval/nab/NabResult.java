package io.vigil.eval.nab;

import java.util.Map;

/**
 * A detector's NAB score for one profile at one threshold, with the row and window counts behind
 * it. Row counts cover rows after the probation only.
 *
 * @param optimized true when the threshold was chosen by the optimiser, false for a fixed one
 * @param fpEvents maximal runs of consecutive detected rows outside windows
 * @param meanDetectionPosition mean position of the first detection inside detected windows (0 =
 *     window start, 1 = window end); NaN when no window was detected
 * @param fileScores each file's raw score at the threshold
 */
public record NabResult(
        NabProfile profile,
        double threshold,
        boolean optimized,
        double normalizedScore,
        double rawScore,
        double nullScore,
        double perfectScore,
        long tpRows,
        long fpRows,
        long fnRows,
        long tnRows,
        int windows,
        int windowsDetected,
        int fpEvents,
        double meanDetectionPosition,
        Map<String, Double> fileScores) {

    public double windowPrecision() {
        int d = windowsDetected + fpEvents;
        return d == 0 ? Double.NaN : windowsDetected / (double) d;
    }

    public double windowRecall() {
        return windows == 0 ? Double.NaN : windowsDetected / (double) windows;
    }

    public double windowF1() {
        double p = windowPrecision();
        double r = windowRecall();
        return Double.isNaN(p) || Double.isNaN(r) || p + r == 0 ? 0.0 : 2 * p * r / (p + r);
    }
}
