package io.vigil.eval;

import io.vigil.eval.nab.NabFile;
import io.vigil.eval.nab.NabProfile;
import io.vigil.eval.nab.NabResult;
import io.vigil.eval.nab.NabScorer;
import io.vigil.eval.nab.NabWindows;
import io.vigil.report.HtmlReport;
import io.vigil.report.ReportSeries;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scores the chain's NAB results: per profile, the {@code anomaly_score} column with NAB's threshold
 * optimisation, and the binary {@code alert} column at the fixed threshold (what Vigil would page,
 * no tuning). Only files named in the windows are scored (their keys define the corpus).
 */
public final class NabEvaluation {
    /** The scores of one run. */
    public record Scores(List<NabResult> optimized, List<NabResult> alerts, Map<String, int[][]> windowRows) {}

    private NabEvaluation() {}

    public static Scores score(List<SeriesEvaluation> results, Map<String, List<NabWindows.Window>> windows,
            List<NabProfile> profiles) {
        Map<String, SeriesEvaluation> byName = new LinkedHashMap<>();
        results.forEach(r -> byName.put(r.name(), r));
        List<String> missing = windows.keySet().stream().filter(k -> !byName.containsKey(k)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the labels name files that are not in --data: " + missing);
        }
        List<NabFile> scoreCorpus = new ArrayList<>();
        List<NabFile> alertCorpus = new ArrayList<>();
        Map<String, int[][]> rows = new LinkedHashMap<>();
        for (var e : windows.entrySet()) {
            SeriesEvaluation r = byName.get(e.getKey());
            int[][] w = NabWindows.toRows(e.getKey(), r.timestampsMs(), e.getValue());
            rows.put(e.getKey(), w);
            double[] alerts = new double[r.rows()];
            for (int i = 0; i < alerts.length; i++) {
                alerts[i] = r.alert()[i] ? 1.0 : 0.0;
            }
            scoreCorpus.add(new NabFile(e.getKey(), r.scores(), w));
            alertCorpus.add(new NabFile(e.getKey(), alerts, w));
        }
        List<NabResult> optimized = new ArrayList<>();
        List<NabResult> alert = new ArrayList<>();
        for (NabProfile p : profiles) {
            optimized.add(NabScorer.optimize(scoreCorpus, p));
            alert.add(NabScorer.scoreAt(alertCorpus, p, NabScorer.FIXED));
        }
        return new Scores(optimized, alert, rows);
    }

    /** The printed table: one line per profile and column. */
    public static List<String> lines(Scores s) {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "%-20s %-13s %8s %11s %9s %8s %7s %9s", "profile", "column", "NAB",
                "threshold", "windows", "FP runs", "prec", "recall"));
        for (int k = 0; k < s.optimized().size(); k++) {
            out.add(line(s.optimized().get(k), "anomaly_score"));
            out.add(line(s.alerts().get(k), "alert"));
        }
        return out;
    }

    private static String line(NabResult r, String column) {
        return String.format(Locale.ROOT, "%-20s %-13s %8.2f %11.6f %5d/%-3d %8d %7s %9s", r.profile().name(),
                column, r.normalizedScore(), r.threshold(), r.windowsDetected(), r.windows(), r.fpEvents(),
                LabelEvaluation.pct(r.windowPrecision()), LabelEvaluation.pct(r.windowRecall()));
    }

    /** {@code OUT/vigil_scores.json}: the figures above, for scripts and later comparison. */
    public static void writeJson(Path file, Scores s) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        ObjectNode opt = root.putObject("anomaly_score_optimized");
        ObjectNode fixed = root.putObject("alert_fixed_threshold");
        for (int k = 0; k < s.optimized().size(); k++) {
            put(opt.putObject(s.optimized().get(k).profile().name()), s.optimized().get(k));
            put(fixed.putObject(s.alerts().get(k).profile().name()), s.alerts().get(k));
        }
        json.writeValue(file.toFile(), root);
    }

    private static void put(ObjectNode n, NabResult r) {
        n.put("score", r.normalizedScore());
        n.put("threshold", r.threshold());
        n.put("raw", r.rawScore());
        n.put("windows", r.windows());
        n.put("windows_detected", r.windowsDetected());
        n.put("fp_rows", r.fpRows());
        n.put("fp_events", r.fpEvents());
        n.put("window_precision", r.windowPrecision());
        n.put("window_recall", r.windowRecall());
        n.put("window_f1", r.windowF1());
        ObjectNode files = n.putObject("per_file_raw_score");
        r.fileScores().forEach(files::put);
    }

    /** The page: figures, a per-file table, a chart per file with its windows and Vigil's alerts. */
    public static void report(Path file, Path dataDir, List<SeriesEvaluation> results, Scores s, double threshold) {
        NabResult std = s.optimized().get(0);
        NabResult stdAlert = s.alerts().get(0);
        List<List<String>> rows = new ArrayList<>();
        List<ReportSeries> charts = new ArrayList<>();
        for (SeriesEvaluation r : results) {
            int[][] w = s.windowRows().get(r.name());
            int alerts = 0;
            for (boolean b : r.alert()) {
                alerts += b ? 1 : 0;
            }
            Double scoreRaw = std.fileScores().get(r.name());
            Double alertRaw = stdAlert.fileScores().get(r.name());
            rows.add(List.of(r.name(), Integer.toString(r.rows()), r.step().toString().substring(2).toLowerCase(),
                    w == null ? "-" : Integer.toString(w.length), Integer.toString(alerts),
                    scoreRaw == null ? "-" : String.format(Locale.ROOT, "%.3f", scoreRaw),
                    alertRaw == null ? "-" : String.format(Locale.ROOT, "%.3f", alertRaw)));
            long[][] windowsMs = new long[w == null ? 0 : w.length][];
            for (int k = 0; k < windowsMs.length; k++) {
                windowsMs[k] = new long[] {r.timestampsMs()[w[k][0]], r.timestampsMs()[w[k][1]]};
            }
            charts.add(new ReportSeries(r.name(), String.format(Locale.ROOT,
                    "%,d rows at %s; %d alert(s); raw NAB score (standard) %s by anomaly_score, %s by alert",
                    r.rows(), r.step().toString().substring(2).toLowerCase(), alerts,
                    scoreRaw == null ? "-" : String.format(Locale.ROOT, "%.3f", scoreRaw),
                    alertRaw == null ? "-" : String.format(Locale.ROOT, "%.3f", alertRaw)),
                    r.timestampsMs(), r.values(), r.expected(), r.lower(), r.upper(), r.scores(), r.alert(), windowsMs));
        }
        List<String> summary = new ArrayList<>();
        summary.add("data: " + dataDir + " (" + results.size() + " files); NAB scores (100 = perfect, 0 = never alarming):");
        summary.addAll(lines(s));
        HtmlReport.write(file, "Vigil on NAB", summary, new HtmlReport.Table(List.of("file", "rows", "step",
                "windows", "alerts", "raw (score, standard)", "raw (alert, standard)"), rows), threshold, charts);
    }
}
