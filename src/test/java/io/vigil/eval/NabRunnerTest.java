package io.vigil.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.VigilCli;
import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.eval.nab.NabProfile;
import io.vigil.eval.nab.NabWindows;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * {@code evaluate nab} on a NAB-layout directory with one synthetic file whose answer is known: a
 * spike at row {@value #SPIKE} inside the only window, plus the quirks NAB's files have (a repeated
 * timestamp, a gap).
 */
class NabRunnerTest {
    static final int ROWS = 2000;
    static final int SPIKE = 1500;
    static final int REPEATED = 800;
    static final int GAP_AT = 1000;
    static final DateTimeFormatter NAB = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @TempDir
    static Path dir;
    static Path data;
    static List<String> timestamps = new ArrayList<>();

    @BeforeAll
    static void writeData() throws Exception {
        data = dir.resolve("nab/data");
        Files.createDirectories(data.resolve("synthetic"));
        Random rnd = new Random(7);
        LocalDateTime t = LocalDateTime.of(2020, 1, 1, 0, 0);
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < ROWS; i++) {
            if (i == GAP_AT) {
                t = t.plusMinutes(15); // three missing steps
            } else if (i != REPEATED) {
                t = t.plusMinutes(5);
            }
            double v = 100 + 2 * rnd.nextGaussian() + (i == SPIKE ? 40 : 0);
            timestamps.add(t.format(NAB));
            csv.append(t.format(NAB)).append(',').append(v).append('\n');
        }
        Files.writeString(data.resolve("synthetic/spike.csv"), csv);
        Files.createDirectories(dir.resolve("nab/labels"));
        Files.writeString(dir.resolve("nab/labels/combined_windows.json"), "{\"synthetic/spike.csv\": [[\""
                + timestamps.get(SPIKE - 50) + ".000000\", \"" + timestamps.get(SPIKE + 50) + ".000000\"]]}");
    }

    @Test
    void run_oneScorePerRowInOrder_inNabResultsLayout() throws Exception {
        Path out = dir.resolve("out1");
        List<SeriesEvaluation> results = NabRunner.run(data, out, ConfigLoader.defaults(), 2, line -> { });
        assertThat(results).hasSize(1);
        SeriesEvaluation r = results.get(0);
        assertThat(r.step()).isEqualTo(Duration.ofMinutes(5));
        List<String> lines = Files.readAllLines(out.resolve("vigil/synthetic/vigil_spike.csv"));
        assertThat(lines.get(0)).isEqualTo("timestamp,value,anomaly_score,alert");
        assertThat(lines).hasSize(ROWS + 1);
        for (int i = 0; i < ROWS; i++) {
            String[] f = lines.get(i + 1).split(",");
            assertThat(f[0]).isEqualTo(timestamps.get(i));
            assertThat(Double.parseDouble(f[2])).isBetween(0.0, 1.0);
            assertThat(f[3]).isIn("0", "1");
        }
        assertThat(lines.get(REPEATED + 1).split(",")[0]).isEqualTo(lines.get(REPEATED).split(",")[0]);
    }

    @Test
    void run_spikeInsideWindow_isScoredAndAlertedAndEarnsNabScore() throws Exception {
        VigilConfig cfg = ConfigLoader.defaults();
        SeriesEvaluation r = NabRunner.run(data, dir.resolve("out2"), cfg, 1, line -> { }).get(0);
        assertThat(r.scores()[SPIKE]).isGreaterThanOrEqualTo(cfg.detect().threshold());
        assertThat(r.alert()[SPIKE]).isTrue();
        long alerts = 0;
        for (boolean b : r.alert()) {
            alerts += b ? 1 : 0;
        }
        assertThat(alerts).as("alerts on 2000 rows of Gaussian noise with one spike").isLessThanOrEqualTo(3);
        var scores = NabEvaluation.score(List.of(r),
                NabWindows.read(dir.resolve("nab/labels/combined_windows.json")), NabProfile.standardProfiles());
        assertThat(scores.optimized().get(0).windowsDetected()).isEqualTo(1);
        assertThat(scores.alerts().get(0).windowsDetected()).isEqualTo(1);
        assertThat(scores.alerts().get(0).normalizedScore()).isGreaterThan(50.0);
    }

    @Test
    void chain_noLookAhead_prefixScoresEqualFullFileScores() throws Exception {
        VigilConfig cfg = ConfigLoader.defaults();
        NabSeries full = NabSeries.read(data, data.resolve("synthetic/spike.csv"));
        int k = 1200;
        NabSeries prefix = new NabSeries(full.name(), Arrays.copyOf(full.timestamps(), k),
                Arrays.copyOf(full.timestampsMs(), k), Arrays.copyOf(full.values(), k));
        Duration step = StepInference.infer(full.timestampsMs(), cfg.features().step());
        VigilConfig c = cfg.withFeatures(cfg.features().withStep(step));
        var a = SeriesEvaluation.run(full, step, new SeriesChain(c, full.name(), java.util.Map.of()));
        var b = SeriesEvaluation.run(prefix, step, new SeriesChain(c, full.name(), java.util.Map.of()));
        assertThat(b.scores()).containsExactly(Arrays.copyOf(a.scores(), k));
        assertThat(b.alert()).containsExactly(Arrays.copyOf(a.alert(), k));
    }

    @Test
    void stepInference_medianIgnoresRepeatsAndGaps() {
        long m = 60_000;
        long[] ts = {0, 5 * m, 5 * m, 10 * m, 30 * m, 35 * m, 40 * m};
        assertThat(StepInference.infer(ts, Duration.ofMinutes(1))).isEqualTo(Duration.ofMinutes(5));
        assertThat(StepInference.infer(new long[] {7}, Duration.ofMinutes(1))).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void cli_evaluateNab_printsScoresWritesJsonAndReport() throws Exception {
        Path out = dir.resolve("out-cli");
        Path report = dir.resolve("report.html");
        StringWriter text = new StringWriter();
        var cl = VigilCli.commandLine();
        cl.setOut(new PrintWriter(text));
        int rc = cl.execute("evaluate", "nab", "--data", data.toString(), "--out", out.toString(), "--report",
                report.toString());
        assertThat(rc).as(text.toString()).isZero();
        assertThat(text.toString()).contains("[1/1] synthetic/spike.csv", "rows/s", "NAB scores", "standard",
                "reward_low_FN_rate", "alert");
        assertThat(out.resolve("vigil_scores.json")).exists();
        assertThat(Files.readString(report)).contains("synthetic/spike.csv");
    }

    @Test
    void cli_evaluateNab_missingDataDirectory_namesIt() {
        StringWriter err = new StringWriter();
        var cl = VigilCli.commandLine();
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute("evaluate", "nab", "--data", dir.resolve("nope").toString(), "--out", dir.toString());
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString()).contains("--data").contains("nope");
    }
}
