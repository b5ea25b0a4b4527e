package io.vigil.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.detect.DetectorModules;
import io.vigil.detect.store.StoreManifest;
import io.vigil.eval.ReplayDriver;
import io.vigil.eval.ReplayResults;
import io.vigil.eval.suite.DetectionSuite;
import io.vigil.eval.suite.SuiteScore;
import io.vigil.ingest.CsvHistory;
import io.vigil.model.WallClock;
import io.vigil.detect.store.ModelStore;
import io.vigil.testing.CliRun;
import io.vigil.testing.OutputLines;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A day of seasonal series with injected 4-6 sigma anomalies, after 14 days of clean history: the
 * job started from a store trained on that history finds exactly what a job that streamed the
 * whole history finds on that day (the same flagged points), and far more than a cold start; every
 * anomaly names the store version, and every series has a forecast band from its first point.
 */
class WarmStartTest {
    @TempDir
    Path dir;

    @Test
    void storeTrainedOnHistory_scoresTheNextDayAsTheStreamThatSawIt_andBeatsColdStart() throws Exception {
        VigilConfig base = ConfigLoader.load(null, Map.of());
        VigilConfig cfg = base.withIngest(base.ingest().withCsvColumns(List.of("timestamp", "metric", "value", "series")));
        var written = DetectionSuite.write(dir, Duration.ofMinutes(5), 1, 12, 3, 7, 14);
        HistoryCollector h = new HistoryCollector();
        PrintWriter quiet = new PrintWriter(Writer.nullWriter());
        CsvHistory.read(dir.resolve(DetectionSuite.HISTORY), quiet, l -> true, h::add);
        String store = dir.resolve("store").toString();
        StoreManifest m = SeedTraining.run(cfg, DetectorModules.standard(),
                new SeedTraining.Input(h.histories(), "suite", (x, t) -> false), store, 4, 2, WallClock.system(), quiet);
        assertThat(m.series()).isEqualTo(12);
        assertThat(m.quality().get("warm_share.seasonal")).as("the weekly model is fitted on 14 days").isEqualTo(1.0);

        long live = DetectionSuite.liveStartMs(14);
        ReplayResults warm = replay(DetectionSuite.LIVE_METRICS, "warm", cfg.withDetect(cfg.detect().withModels(store)));
        ReplayResults cold = replay(DetectionSuite.LIVE_METRICS, "cold", cfg);
        ReplayResults through = replay(DetectionSuite.METRICS, "through", cfg).since(live);

        for (var e : through.series().entrySet()) {
            ReplayResults.SeriesScores w = warm.series().get(e.getKey());
            assertThat(w.alert()).as("flags of %s", e.getKey()).containsExactly(e.getValue().alert());
            assertThat(w.expected()[0]).as("band of %s at its first point", e.getKey()).isFinite();
            assertThat(cold.series().get(e.getKey()).expected()[0]).isNaN();
        }
        double z = SuiteScore.idealZ(cfg.detect().calibration().falseAlarmsPerDay(), 300_000);
        SuiteScore ws = SuiteScore.of(written.anomalies(), warm, warm, 1_800_000, 1, z);
        SuiteScore cs = SuiteScore.of(written.anomalies(), cold, cold, 1_800_000, 1, z);
        assertThat(ws.recall()).isGreaterThan(cs.recall() + 0.2);

        var anomalies = OutputLines.parse(Files.readAllLines(dir.resolve("warm").resolve("anomalies.jsonl")));
        assertThat(anomalies).isNotEmpty()
                .allSatisfy(a -> assertThat(a.path("model").asText()).isEqualTo(m.version()));
        assertThat(OutputLines.parse(Files.readAllLines(dir.resolve("cold").resolve("anomalies.jsonl"))))
                .allSatisfy(a -> assertThat(a.has("model")).isFalse());
    }

    @Test
    void storeTrainedOnTwoWeeks_keepsAWeekOfCleanSeriesWithinTheFalseAlarmTarget() throws Exception {
        // A whole week after the history, so both weekend edges (Saturday and Monday 00:00) are judged.
        VigilConfig base = ConfigLoader.load(null, Map.of());
        VigilConfig cfg = base.withIngest(base.ingest().withCsvColumns(List.of("timestamp", "metric", "value", "series")));
        int series = 40;
        int days = 7;
        var written = DetectionSuite.write(dir, Duration.ofMinutes(5), days, series, 3, 11, 14);
        HistoryCollector h = new HistoryCollector();
        PrintWriter quiet = new PrintWriter(Writer.nullWriter());
        CsvHistory.read(dir.resolve(DetectionSuite.HISTORY), quiet, l -> true, h::add);
        String store = dir.resolve("store").toString();
        SeedTraining.run(cfg, DetectorModules.standard(),
                new SeedTraining.Input(h.histories(), "suite", (x, t) -> false), store, 4, 2, WallClock.system(), quiet);
        ReplayResults clean = replay(DetectionSuite.LIVE_CLEAN, "warm-clean", cfg.withDetect(cfg.detect().withModels(store)));
        double z = SuiteScore.idealZ(cfg.detect().calibration().falseAlarmsPerDay(), 300_000);
        SuiteScore score = SuiteScore.of(written.anomalies(), clean, clean, 1_800_000, days, z);
        assertThat(score.falseRunsPerSeriesDay()).as("false alert runs per series per day on the clean twin")
                .isLessThanOrEqualTo(0.05);
    }

    @Test
    void corruptStore_stopsReplayAtStart_namingTheFile() throws Exception {
        DetectionSuite.write(dir, Duration.ofMinutes(5), 1, 2, 1, 7, 3);
        String store = dir.resolve("store").toString();
        CliRun.ok("train", "--from", "csv", "--input", dir.resolve(DetectionSuite.HISTORY).toString(), "--out", store,
                "--no-forests", "--shards", "1");
        Path seeds = dir.resolve("store").resolve("versions").resolve(ModelStore.currentName(store))
                .resolve("seeds-000.jsonl.gz");
        byte[] b = Files.readAllBytes(seeds);
        Files.write(seeds, java.util.Arrays.copyOf(b, b.length - 7));
        CliRun.Result r = CliRun.run("replay", "--in-memory", "--input", dir.resolve(DetectionSuite.LIVE_METRICS)
                .toString(), "--out", dir.resolve("out").toString(), "--models", store);
        assertThat(r.rc()).isNotZero();
        assertThat(r.err()).contains("seeds-000.jsonl.gz").contains("corrupt or partly copied");
    }

    private ReplayResults replay(String file, String out, VigilConfig cfg) throws Exception {
        ReplayDriver.run(dir.resolve(file), dir.resolve(out), cfg, DetectorModules.standard());
        return ReplayResults.read(dir.resolve(out));
    }
}
