package io.vigil.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testing.CliRun;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A replay of 300 good rows with two hostile ones: a timestamp of 99999999999999999999 (once read
 * as the year 292278994, which had the resampler fill steps for minutes) and a row five years
 * ahead. Both are dead letters, in the Flink job and the in-memory engine alike, and neither holds
 * the other rows' event time back: every good row is scored.
 */
class HostileRowsReplayIT {
    @TempDir
    Path dir;

    @Test
    void outOfRangeAndFarAheadRows_deadLetters_everyGoodRowScored() throws Exception {
        List<String> rows = new ArrayList<>(List.of("timestamp,metric,value,service"));
        for (int i = 0; i < 300; i++) {
            rows.add(String.format("2026-11-20T%02d:%02d:00Z,latency,%.3f,api", i / 60, i % 60, 10 + Math.sin(i / 10.0)));
            if (i == 150) {
                rows.add("99999999999999999999,latency,11,api");
            }
            if (i == 200) {
                rows.add("2031-06-01T00:00:00Z,latency,12,api");
            }
        }
        Path csv = Files.write(dir.resolve("hostile.csv"), rows);
        for (String mode : List.of("flink", "in-memory")) {
            Path out = dir.resolve(mode);
            String said = mode.equals("flink") ? CliRun.ok("replay", "--input", csv.toString(), "--out", out.toString())
                    : CliRun.ok("replay", "--in-memory", "--input", csv.toString(), "--out", out.toString());
            assertThat(said).as(mode).contains("to 2026-11-20T04:59:00.000Z").contains("by up to PT0S");
            List<String> dead = Files.readAllLines(out.resolve("deadletter.jsonl"));
            assertThat(dead).as(mode).hasSize(2);
            assertThat(dead.get(0)).contains("\"offset\":153").contains("outside 1970-01-01");
            assertThat(dead.get(1)).contains("\"offset\":204").contains("ingest.max-ahead");
            assertThat(Files.readAllLines(out.resolve("scores.csv"))).as(mode).hasSize(1 + 300);
        }
    }

    /**
     * A counter that goes backwards at every reading, forever (a gauge named like a counter): each
     * reading is a reset, as Prometheus' rate() reads it, so its rate is steady; every point is
     * scored with a finite rate and nothing is raised.
     */
    @Test
    void counterGoingBackwardsForever_everyPointScored_nothingRaised() throws Exception {
        List<String> rows = new ArrayList<>(List.of("timestamp,metric,value,service"));
        for (int i = 0; i < 300; i++) {
            rows.add(String.format("2026-11-20T%02d:%02d:00Z,requests_total,%d,api", i / 60, i % 60, 1_000_000 - 7 * i));
        }
        Path csv = Files.write(dir.resolve("backwards.csv"), rows);
        Path out = dir.resolve("backwards");
        CliRun.ok("replay", "--in-memory", "--input", csv.toString(), "--out", out.toString());
        List<String> scores = Files.readAllLines(out.resolve("scores.csv"));
        assertThat(scores).hasSize(1 + 299); // a rate needs two readings
        assertThat(scores.subList(1, scores.size())).allSatisfy(l -> {
            double rate = Double.parseDouble(l.split(",")[2]);
            assertThat(rate).isFinite().isPositive();
        });
        assertThat(Files.readAllLines(out.resolve("anomalies.jsonl"))).isEmpty();
        assertThat(Files.readAllLines(out.resolve("deadletter.jsonl"))).isEmpty();
    }
}
