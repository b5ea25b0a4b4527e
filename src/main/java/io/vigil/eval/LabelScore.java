package io.vigil.eval;

/**
 * Vigil's replay output scored against labelled incidents.
 *
 * <p>Event level (what on-call sees): a labelled incident is <em>detected</em> when a Vigil incident
 * overlaps it (its end extended by the grace period) on one of its services, and <em>paged</em>
 * when such an incident sent a firing alert. Precision is over Vigil's paged incidents, recall
 * (the TPR the seed asks for) over the labels. Row level (what the detectors flag): FPR is the
 * share of scores.csv rows outside every label that were flagged anomalous; row TPR the share of
 * rows inside labels that were (low by nature: a fault is flagged at its edges, not throughout).
 *
 * @param meanDelaySeconds from a label's start to the first matching incident (0 when it began
 *     before the labelled start); NaN when nothing was detected
 */
public record LabelScore(
        int labels,
        int labelsDetected,
        int labelsPaged,
        int incidents,
        int incidentsMatched,
        int pagedIncidents,
        int pagedMatched,
        int firingAlerts,
        long anomalies,
        long negativeRows,
        long falsePositiveRows,
        long positiveRows,
        long truePositiveRows,
        double meanDelaySeconds,
        double medianDelaySeconds,
        double maxDelaySeconds,
        double days) {

    /** Paged incidents that match a label, over all paged incidents. */
    public double precision() {
        return ratio(pagedMatched, pagedIncidents);
    }

    /** Labelled incidents that were paged, over all labels: the event-level TPR. */
    public double recall() {
        return ratio(labelsPaged, labels);
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 || Double.isNaN(p + r) ? 0.0 : 2 * p * r / (p + r);
    }

    public double incidentPrecision() {
        return ratio(incidentsMatched, incidents);
    }

    public double incidentRecall() {
        return ratio(labelsDetected, labels);
    }

    /** Flagged rows outside labels over rows outside labels. */
    public double falsePositiveRate() {
        return ratio(falsePositiveRows, negativeRows);
    }

    public double rowTruePositiveRate() {
        return ratio(truePositiveRows, positiveRows);
    }

    public double anomaliesPerIncident() {
        return ratio(anomalies, incidents);
    }

    public double alertsPerDay() {
        return days > 0 ? firingAlerts / days : Double.NaN;
    }

    public double falsePagesPerDay() {
        return days > 0 ? (pagedIncidents - pagedMatched) / days : Double.NaN;
    }

    private static double ratio(double a, double b) {
        return b == 0 ? Double.NaN : a / b;
    }
}
