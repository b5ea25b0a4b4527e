package io.vigil.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vigil.model.Timestamps;
import io.vigil.testing.CliRun;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * The seasonal forecaster inside the job ({@code vigil replay}, local Flink): after its minimum
 * history it takes over from the robust detector, finds a spike the daily curve hides from a
 * rolling median, and its forecast and band are what {@code scores.csv} reports.
 */
class SeasonalReplayIT {
    static final long STEP = 300_000;
    static final long DAY = 86_400_000L;
    static final long T0 = Timestamps.parse("2026-01-05T00:00:00Z");

    @TempDir
    Path tmp;

    static double curve(long t) {
        return 500 + 200 * Math.sin(2 * Math.PI * Math.floorMod(t, DAY) / DAY);
    }

    @Test
    void replay_seasonalModelScoresAndBandsAfterMinHistory() throws Exception {
        Path csv = tmp.resolve("metrics.csv");
        Random r = new Random(4);
        // Day 3, 06:00: the curve is steep there, so a +60 spike (12σ) sits inside the robust
        // detector's hour-long window of values; the seasonal model expects the curve.
        long spikeAt = T0 + 3 * DAY + 6 * 3_600_000L;
        StringBuilder sb = new StringBuilder("timestamp,metric,value,service\n");
        for (long t = T0; t < T0 + 4 * DAY; t += STEP) {
            double v = curve(t) + 5 * r.nextGaussian() + (t == spikeAt ? 60 : 0);
            sb.append(Timestamps.format(t)).append(",queue_depth,").append(v).append(",worker\n");
        }
        Files.writeString(csv, sb);
        Path out = tmp.resolve("out");
        CliRun.ok("replay", "--input", csv.toString(), "--out", out.toString(), "--set", "features.step=5m");

        List<String> rows = Files.readAllLines(out.resolve("scores.csv"));
        assertThat(rows.get(0)).isEqualTo("timestamp,series,value,expected,lower,upper,score,alert");
        int checked = 0;
        double absError = 0;
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
            long t = Timestamps.parse(f[0]);
            if (t < T0 + 2 * DAY + 3_600_000L) {
                continue; // the robust detector's rows, before the first fit
            }
            double expected = Double.parseDouble(f[3]);
            assertThat(Double.parseDouble(f[4])).isLessThan(expected);
            assertThat(Double.parseDouble(f[5])).isGreaterThan(expected);
            absError += Math.abs(expected - curve(t));
            checked++;
        }
        assertThat(checked).isGreaterThan(500);
        assertThat(absError / checked).as("mean |expected - curve| (noise σ 5)").isLessThan(4);

        JsonNode spike = null;
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(out.resolve("anomalies.jsonl"))) {
            JsonNode a = json.readTree(line);
            if (Timestamps.parse(a.get("timestamp").asText()) == spikeAt) {
                spike = a;
            }
        }
        assertThat(spike).as("the spike at %s among the anomalies", Timestamps.format(spikeAt)).isNotNull();
        assertThat(spike.at("/detectors/seasonal").asDouble()).isGreaterThanOrEqualTo(0.5);
        assertThat(spike.get("direction").asText()).isEqualTo("up");
        assertThat(spike.get("expected").asDouble()).isCloseTo(curve(spikeAt), org.assertj.core.api.Assertions.within(10.0));
    }
}
