package io.vigil.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vigil.model.Timestamps;
import io.vigil.testing.CliRun;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/** {@code vigil forecast} end to end on a CSV of two services' latency (three weeks, 5-minute steps). */
class ForecastCommandTest {
    @TempDir
    static Path dir;
    static Path csv;

    @BeforeAll
    static void writeHistory() throws Exception {
        csv = dir.resolve("metrics.csv");
        StringBuilder sb = new StringBuilder("timestamp,metric,value,service\n");
        Random r = new Random(7);
        for (int i = 0; i < 21 * 288; i++) {
            long t = ForecasterTest.T0 + i * ForecasterTest.STEP;
            // Rows out of order within each hour: the command sorts them.
            for (String svc : List.of("cart", "shop")) {
                sb.append(Timestamps.format(t)).append(",latency,")
                        .append(ForecasterTest.truth(t) + r.nextGaussian()).append(',').append(svc).append('\n');
            }
            if (i == 100) {
                sb.append("not-a-time,latency,1,cart\n");
            }
        }
        Files.writeString(csv, sb);
    }

    static CliRun.Result run(String... args) {
        return CliRun.run(args);
    }

    @Test
    void csvToStdout_onePointPerStep_bandsAroundExpected() {
        CliRun.Result r = run("forecast", "--input", csv.toString(), "--series", "latency{service=\"cart\"}", "--horizon", "12h");
        assertThat(r.rc()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("timestamp,expected,lower,upper");
        assertThat(lines).hasSize(1 + 144);
        String[] first = lines.get(1).split(",");
        assertThat(Timestamps.parse(first[0])).isEqualTo(ForecasterTest.T0 + 21 * 288 * ForecasterTest.STEP);
        double expected = Double.parseDouble(first[1]);
        assertThat(Double.parseDouble(first[2])).isLessThan(expected);
        assertThat(Double.parseDouble(first[3])).isGreaterThan(expected);
        assertThat(Math.abs(expected - ForecasterTest.truth(Timestamps.parse(first[0])))).isLessThan(1.0);
        assertThat(r.err()).contains("metrics.csv:204 skipped: timestamp 'not-a-time'", "6,048 points", "144 forecast points");
    }

    @Test
    void jsonFile_andReport() throws Exception {
        Path out = dir.resolve("f/forecast.json");
        Path report = dir.resolve("f/forecast.html");
        CliRun.Result r = run("forecast", "--input", csv.toString(), "--series", "latency{service=\"shop\"}", "--horizon", "PT6H",
                "--step", "1h", "--out", out.toString(), "--report", report.toString());
        assertThat(r.rc()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(out.toFile());
        assertThat(j.get("series").asText()).isEqualTo("latency{service=\"shop\"}");
        assertThat(j.get("forecast")).hasSize(6);
        assertThat(j.at("/history/points").asInt()).isEqualTo(6048);
        assertThat(j.at("/model/dailyOrder").asInt()).isEqualTo(6);
        assertThat(j.at("/model/trendPerDay").asDouble()).isBetween(1.5, 2.5);
        assertThat(Files.readString(report)).contains("Vigil forecast: latency{service=\\\"shop\\\"}", "PT6H");
    }

    @Test
    void ambiguousOrUnknownSeries_orMissingFile_clearError() {
        CliRun.Result several = run("forecast", "--input", csv.toString(), "--series", "latency");
        assertThat(several.rc()).isEqualTo(2);
        assertThat(several.err()).contains("matches several series", "service=\"cart\"", "service=\"shop\"");
        CliRun.Result none = run("forecast", "--input", csv.toString(), "--series", "cpu");
        assertThat(none.rc()).isEqualTo(2);
        assertThat(none.err()).contains("no series", "it has latency");
        CliRun.Result missing = run("forecast", "--input", dir.resolve("nope.csv").toString(), "--series", "cpu");
        assertThat(missing.rc()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.csv");
        CliRun.Result badHorizon = run("forecast", "--input", csv.toString(), "--series", "latency", "--horizon", "soon");
        assertThat(badHorizon.rc()).isEqualTo(2);
        assertThat(badHorizon.err()).contains("'soon' is not a duration");
    }
}
