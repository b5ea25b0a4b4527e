package io.vigil.eval;

import io.vigil.eval.ReplayResults.IncidentSummary;
import io.vigil.eval.ReplayResults.SeriesScores;
import io.vigil.model.Timestamps;
import io.vigil.report.HtmlReport;
import io.vigil.report.ReportSeries;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code vigil evaluate labels}: the printed figures and the optional HTML report. */
public final class LabelEvaluation {
    /** The seed's validation line. */
    public static final double MAX_FPR = 0.10;
    public static final double MIN_TPR = 0.80;

    private LabelEvaluation() {}

    public static List<String> lines(LabelScore s) {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "labelled incidents        %d (detected %d, paged %d)", s.labels(),
                s.labelsDetected(), s.labelsPaged()));
        out.add(String.format(Locale.ROOT, "Vigil incidents           %d (%d match a label); paged %d (%d match)",
                s.incidents(), s.incidentsMatched(), s.pagedIncidents(), s.pagedMatched()));
        out.add(String.format(Locale.ROOT, "pages: precision %s  recall %s  F1 %s", pct(s.precision()),
                pct(s.recall()), pct(s.f1())));
        out.add(String.format(Locale.ROOT, "incidents: precision %s  recall %s", pct(s.incidentPrecision()),
                pct(s.incidentRecall())));
        out.add(String.format(Locale.ROOT, "TPR (labels paged)        %s   %s (seed: > %.0f%%)", pct(s.recall()),
                verdict(s.recall() > MIN_TPR), MIN_TPR * 100));
        out.add(String.format(Locale.ROOT, "FPR (rows flagged outside labels) %s (%,d of %,d)   %s (seed: < %.0f%%)",
                pct(s.falsePositiveRate()), s.falsePositiveRows(), s.negativeRows(),
                verdict(s.falsePositiveRate() < MAX_FPR), MAX_FPR * 100));
        out.add(String.format(Locale.ROOT, "row TPR (rows flagged inside labels) %s (%,d of %,d)",
                pct(s.rowTruePositiveRate()), s.truePositiveRows(), s.positiveRows()));
        out.add(String.format(Locale.ROOT, "detection delay           mean %s, median %s, max %s",
                secs(s.meanDelaySeconds()), secs(s.medianDelaySeconds()), secs(s.maxDelaySeconds())));
        out.add(String.format(Locale.ROOT, "raw anomalies %,d -> incidents %d -> firing alerts %d (%.1f anomalies per incident)",
                s.anomalies(), s.incidents(), s.firingAlerts(), s.anomaliesPerIncident()));
        out.add(String.format(Locale.ROOT, "alerts per day            %.1f (false pages per day %.1f) over %.2f days",
                s.alertsPerDay(), s.falsePagesPerDay(), s.days()));
        return out;
    }

    /** The page: the figures, one table row per label, one chart per series. */
    public static void report(Path file, Path resultsDir, List<LabelledIncident> labels, ReplayResults results,
            LabelScorer scorer, LabelScore score, double threshold, List<String> serviceLabels) {
        List<List<String>> rows = new ArrayList<>();
        for (LabelledIncident l : labels) {
            IncidentSummary first = null;
            for (IncidentSummary inc : results.incidents()) {
                if (scorer.matches(inc, l) && (first == null || inc.startMs() < first.startMs())) {
                    first = inc;
                }
            }
            boolean paged = false;
            for (IncidentSummary inc : results.incidents()) {
                if (scorer.matches(inc, l)) {
                    paged |= results.firingAlerts().stream().anyMatch(a -> a.incidentId().equals(inc.incidentId()));
                }
            }
            rows.add(List.of(l.description(), Timestamps.format(l.startMs()), Timestamps.format(l.endMs()),
                    String.join(" ", l.services()), first == null ? "no" : "yes", paged ? "yes" : "no",
                    first == null ? "" : Long.toString(Math.max(0, first.startMs() - l.startMs()) / 1000),
                    first == null ? "" : first.topCause()));
        }
        List<ReportSeries> charts = new ArrayList<>();
        for (SeriesScores s : results.series().values()) {
            String service = SeriesLabels.service(s.series(), serviceLabels);
            List<long[]> windows = new ArrayList<>();
            for (LabelledIncident l : labels) {
                if (l.concerns(service)) {
                    windows.add(new long[] {l.startMs(), l.endMs()});
                }
            }
            int flagged = 0;
            for (boolean b : s.alert()) {
                flagged += b ? 1 : 0;
            }
            charts.add(new ReportSeries(s.series(), String.format(Locale.ROOT,
                    "service %s: %,d points, %d flagged anomalous (red), %d labelled window(s)", service.isEmpty()
                            ? "-" : service, s.rows(), flagged, windows.size()),
                    s.timestampsMs(), s.values(), s.expected(), s.lower(), s.upper(), s.scores(), s.alert(),
                    windows.toArray(long[][]::new)));
        }
        List<String> summary = new ArrayList<>();
        summary.add("results: " + resultsDir);
        summary.addAll(lines(score));
        HtmlReport.write(file, "Vigil evaluation against labelled incidents", summary,
                new HtmlReport.Table(List.of("labelled incident", "start", "end", "services", "detected", "paged",
                        "delay s", "top root cause"), rows), threshold, charts);
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private static String secs(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.0f s", v);
    }

    private static String verdict(boolean ok) {
        return ok ? "PASS" : "FAIL";
    }
}
