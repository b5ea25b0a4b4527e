package io.vigil.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes a report page (the evaluation and the forecast reports): one self-contained HTML page (no
 * network needed) with a summary, a score table and, per series, two linked charts — values with
 * the expected value, the normal band, alerts and labelled windows; below it the anomaly score
 * against the threshold. Charts are drawn by uPlot (MIT, inlined from its webjar) and only when
 * scrolled into view, so a page with dozens of long series opens quickly.
 */
public final class HtmlReport {
    private static final String UPLOT = "META-INF/resources/webjars/uplot/" + "1.6.30" + "/dist/";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Significant digits kept for plotted numbers: plenty for a picture, a third of the bytes. */
    private static final int DIGITS = 6;

    /** A table of figures: the header row and the body rows, already formatted. */
    public record Table(List<String> header, List<List<String>> rows) {}

    private HtmlReport() {}

    public static void write(Path file, String title, List<String> summary, Table table, double threshold,
            List<ReportSeries> series) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, render(title, summary, table, threshold, series), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report " + file, e);
        }
    }

    public static String render(String title, List<String> summary, Table table, double threshold,
            List<ReportSeries> series) {
        ObjectNode data = JSON.createObjectNode();
        data.put("title", title);
        data.put("threshold", threshold);
        data.set("summary", JSON.valueToTree(summary));
        data.set("header", JSON.valueToTree(table.header()));
        data.set("rows", JSON.valueToTree(table.rows()));
        ArrayNode charts = data.putArray("series");
        for (ReportSeries s : series) {
            charts.add(chart(s));
        }
        String page = resource("io/vigil/report/report.html");
        String dataJson;
        try {
            // "</" inside a script element would end it early.
            dataJson = JSON.writeValueAsString(data).replace("</", "<\\/");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return page.replace("{{TITLE}}", escape(title))
                .replace("/*{{UPLOT_CSS}}*/", resource(UPLOT + "uPlot.min.css"))
                .replace("/*{{UPLOT_JS}}*/", resource(UPLOT + "uPlot.iife.min.js"))
                .replace("/*{{REPORT_JS}}*/", resource("io/vigil/report/report.js"))
                .replace("/*{{DATA}}*/", "const REPORT = " + dataJson + ";");
    }

    private static ObjectNode chart(ReportSeries s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("name", s.name());
        o.put("caption", s.caption());
        ArrayNode t = o.putArray("t");
        for (long ms : s.timestampsMs()) {
            t.add(ms / 1000.0);
        }
        o.set("value", numbers(s.values()));
        o.set("expected", numbers(s.expected()));
        o.set("lower", numbers(s.lower()));
        o.set("upper", numbers(s.upper()));
        o.set("score", numbers(s.scores()));
        ArrayNode alerts = o.putArray("alerts");
        for (int i = 0; i < s.alerts().length; i++) {
            if (s.alerts()[i]) {
                alerts.add(i);
            }
        }
        ArrayNode windows = o.putArray("windows");
        for (long[] w : s.windowsMs()) {
            windows.addArray().add(w[0] / 1000.0).add(w[1] / 1000.0);
        }
        return o;
    }

    private static ArrayNode numbers(double[] v) {
        ArrayNode a = JSON.createArrayNode();
        for (double x : v) {
            if (Double.isFinite(x)) {
                a.add(Double.parseDouble(String.format(Locale.ROOT, "%." + DIGITS + "g", x)));
            } else {
                a.addNull();
            }
        }
        return a;
    }

    private static String resource(String path) {
        try (InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path + " (broken build?)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + path, e);
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
