package io.vigil.report;

/**
 * One chart of the report: a series' values with the detectors' expected value and band, its
 * anomaly score, the rows where Vigil alerted and the labelled windows. Arrays share one index.
 *
 * @param timestampsMs row times
 * @param expected NaN where the detectors had no expectation
 * @param alerts true where Vigil alerted (or flagged) the row
 * @param windowsMs labelled windows as {start, end} pairs in epoch ms (inclusive)
 * @param caption one line under the chart title (e.g. the file's score)
 */
public record ReportSeries(
        String name,
        String caption,
        long[] timestampsMs,
        double[] values,
        double[] expected,
        double[] lower,
        double[] upper,
        double[] scores,
        boolean[] alerts,
        long[][] windowsMs) {

    public ReportSeries {
        int n = timestampsMs.length;
        if (values.length != n || expected.length != n || lower.length != n || upper.length != n
                || scores.length != n || alerts.length != n) {
            throw new IllegalArgumentException("report series " + name + ": column lengths differ");
        }
    }
}
