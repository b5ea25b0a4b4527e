package io.vigil.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.List;

/** The report page: self-contained, with the series, its windows and alerts, and the table. */
class HtmlReportTest {
    static ReportSeries series(String name) {
        long[] t = {1_600_000_000_000L, 1_600_000_300_000L, 1_600_000_600_000L, 1_600_000_900_000L};
        double nan = Double.NaN;
        return new ReportSeries(name, "caption of " + name, t, new double[] {1.5, 2.5, 97.25, 3.5},
                new double[] {nan, 2, 2, 2}, new double[] {nan, 1, 1, 1}, new double[] {nan, 3, 3, 3},
                new double[] {0, 0.1, 0.99, 0.2}, new boolean[] {false, false, true, false},
                new long[][] {{1_600_000_300_000L, 1_600_000_600_000L}});
    }

    @Test
    void render_containsSeriesValuesWindowsAlertsAndTable() {
        String page = HtmlReport.render("Vigil on test", List.of("summary line"),
                new HtmlReport.Table(List.of("file", "score"), List.of(List.of("cat/a.csv", "0.42"))), 0.5,
                List.of(series("cat/a.csv")));
        assertThat(page).contains("\"name\":\"cat/a.csv\"", "caption of cat/a.csv", "97.25", "summary line",
                "\"rows\":[[\"cat/a.csv\",\"0.42\"]]");
        assertThat(page).contains("\"windows\":[[1.6000003E9,1.6000006E9]]").contains("\"alerts\":[2]");
        assertThat(page).contains("\"expected\":[null,2.0,2.0,2.0]");
        // The charting library is inlined: the page works offline.
        assertThat(page).contains("uPlot").doesNotContain("{{").doesNotContain("<script src")
                .doesNotContain("<link ");
    }

    @Test
    void render_hostileSeriesName_cannotCloseTheScript() {
        String page = HtmlReport.render("t", List.of(), new HtmlReport.Table(List.of("file"), List.of()), 0.5,
                List.of(series("x</script><img src=y>")));
        assertThat(page).doesNotContain("x</script>").contains("x<\\/script>");
    }
}
