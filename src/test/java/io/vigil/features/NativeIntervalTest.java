package io.vigil.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.FeatureConfig;
import io.vigil.config.VigilConfig;
import io.vigil.detect.DetectorModules;
import io.vigil.eval.ReplayDriver;
import io.vigil.eval.suite.DetectionSuite;
import io.vigil.model.GridPoint;
import io.vigil.model.OutputJson;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Each series works at its own sampling interval, whatever the grid step. */
class NativeIntervalTest {
    static final FeatureConfig GRID_1M = ConfigLoader.defaults().features();
    static final long MIN = 60_000;

    @TempDir
    Path dir;

    /** Closes one step holding one sample at {@code tMs}. */
    static StepEmitter.Emission close(StepEmitter e, SeriesCursor c, long tMs, double v) {
        return e.close("s", c.seen(tMs), StepAccumulator.first(Math.floorDiv(tMs, MIN) * MIN, tMs, v));
    }

    @Test
    void fiveMinuteSeries_onAOneMinuteGrid_isNotInterpolated_andGapsFillAtItsCadence() {
        StepEmitter e = new StepEmitter(GRID_1M);
        SeriesCursor c = SeriesCursor.start("g", Map.of(), false);
        List<GridPoint> out = new ArrayList<>();
        // Every 5 minutes with ±40 s of jitter (gaps of 4, 5 and 6 grid steps), one sample missing.
        long[] offsets = {0, 40_000, -30_000, 20_000, 0, -40_000, 10_000};
        for (int i = 0; i < 12; i++) {
            if (i == 9) {
                continue;
            }
            var em = close(e, c, 1_000 * MIN + i * 5 * MIN + offsets[i % offsets.length], 10 + i);
            out.addAll(em.points());
            c = em.cursor();
        }
        assertThat(c.intervalSteps()).isEqualTo(5);
        assertThat(out.stream().filter(GridPoint::filled)).as("only the missing sample is filled").hasSize(1)
                .allSatisfy(p -> assertThat(p.intervalMs()).isEqualTo(5 * MIN));
        assertThat(out).hasSize(12).as("one point per sample, none interpolated between them");
        assertThat(out.subList(3, 12)).as("once three gaps are known").allSatisfy(p -> assertThat(p.intervalMs())
                .isEqualTo(5 * MIN));
    }

    @Test
    void oneMinuteSeries_keepsTheGridStep_andItsShortGapFilledEveryStep() {
        StepEmitter e = new StepEmitter(GRID_1M);
        SeriesCursor c = SeriesCursor.start("g", Map.of(), false);
        List<GridPoint> out = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            if (i >= 10 && i < 13) {
                continue;
            }
            var em = close(e, c, 1_000 * MIN + i * MIN + 15_000, i);
            out.addAll(em.points());
            c = em.cursor();
        }
        assertThat(c.intervalSteps()).isEqualTo(1);
        assertThat(out).hasSize(20);
        assertThat(out.stream().filter(GridPoint::filled)).hasSize(3);
    }

    @Test
    void replay_ofFiveMinuteData_isTheSameOnTheDefaultGridAsOnAFiveMinuteGrid() throws Exception {
        DetectionSuite.write(dir.resolve("data"), Duration.ofMinutes(5), 5, 3, 3, 11);
        Path input = dir.resolve("data").resolve(DetectionSuite.METRICS);
        VigilConfig grid1 = ConfigLoader.defaults();
        VigilConfig grid5 = ConfigLoader.load(null, Map.of("features.step", "5m"));
        List<String> columns = List.of("timestamp", "metric", "value", "series");
        ReplayDriver.run(input, dir.resolve("1m"), grid1.withIngest(grid1.ingest().withCsvColumns(columns)),
                DetectorModules.standard());
        ReplayDriver.run(input, dir.resolve("5m"), grid5.withIngest(grid5.ingest().withCsvColumns(columns)),
                DetectorModules.standard());
        for (String f : List.of(OutputJson.SCORES_FILE, OutputJson.ANOMALIES_FILE, OutputJson.INCIDENTS_FILE,
                OutputJson.ALERTS_FILE)) {
            assertThat(Files.readAllLines(dir.resolve("1m").resolve(f))).as(f)
                    .containsExactlyElementsOf(Files.readAllLines(dir.resolve("5m").resolve(f)));
        }
        assertThat(Files.readAllLines(dir.resolve("1m").resolve(OutputJson.SCORES_FILE)))
                .as("one row per sample: 3 series, 5 days of 5-minute rows, and the header").hasSize(1 + 3 * 5 * 288);
    }
}
