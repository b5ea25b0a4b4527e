package io.vigil.detect.lstm;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.detect.DetectorModules;
import io.vigil.ingest.CsvHistory;
import io.vigil.model.Timestamps;
import io.vigil.model.WallClock;
import io.vigil.replay.ReplayJob;
import io.vigil.testing.OutputLines;
import io.vigil.train.HistoryCollector;
import io.vigil.train.SeedTraining;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The LSTM module in the Flink job ({@code replay} on a MiniCluster), from a model store: a family
 * of oscillating series is trained on a day of history ({@code vigil train}'s path: the network and
 * every series' seed), then the next hours are replayed. One series changes period (every value
 * still inside its usual range, before the seasonal model has the two days it needs): with the
 * module on, the job flags it from the network the store holds; trained and replayed with it off,
 * the same change goes unseen.
 */
class LstmReplayIT {
    static final long T0 = 1_767_225_600_000L;
    static final int HISTORY = 1_400;
    static final int N = 2_000;
    static final int CHANGE_AT = 1_700;
    static final List<String> COLUMNS = List.of("timestamp", "metric", "value", "service", "pod");

    @TempDir
    Path tmp;

    @Test
    void periodChange_flaggedWithTheStoresNetwork_unseenWithoutIt() throws Exception {
        double[][] v = new double[3][];
        for (int id = 0; id < 3; id++) {
            v[id] = LstmDetectorTest.series(id, N, id == 1 ? CHANGE_AT : Integer.MAX_VALUE, id);
        }
        Path history = write("history.csv", v, 0, HISTORY);
        Path live = write("live.csv", v, HISTORY, N);

        Map<String, JsonNode> on = changeAnomalies(history, live, "on", true);
        Map<String, JsonNode> off = changeAnomalies(history, live, "off", false);
        assertThat(on).as("anomalies of p1 during its period change (or its end), LSTM on").isNotEmpty();
        assertThat(on.values()).allSatisfy(a -> assertThat(a.path("detectors").path("lstm").asDouble())
                .isGreaterThanOrEqualTo(0.5));
        assertThat(off).as("the same, LSTM off").isEmpty();
    }

    Path write(String name, double[][] v, int from, int to) throws Exception {
        StringBuilder csv = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        for (int i = from; i < to; i++) {
            for (int id = 0; id < v.length; id++) {
                csv.append(Timestamps.format(T0 + i * 60_000L)).append(",osc,").append(v[id][i]).append(",osc,p")
                        .append(id).append('\n');
            }
        }
        Path p = tmp.resolve(name);
        Files.writeString(p, csv);
        return p;
    }

    /** Trains a store on the history, replays the live part from it; anomalies of p1 inside its change, by time. */
    Map<String, JsonNode> changeAnomalies(Path history, Path live, String name, boolean lstm) throws Exception {
        VigilConfig base = ConfigLoader.load(null, Map.of("detect.lstm.enabled", Boolean.toString(lstm),
                "detect.lstm.stream-fit", "false"));
        VigilConfig cfg = base.withIngest(base.ingest().withCsvColumns(COLUMNS));
        HistoryCollector h = new HistoryCollector();
        PrintWriter quiet = new PrintWriter(Writer.nullWriter());
        CsvHistory.read(history, quiet, l -> true, h::add);
        String store = tmp.resolve("store-" + name).toString();
        var manifest = SeedTraining.run(cfg, DetectorModules.standard(),
                new SeedTraining.Input(h.histories(), "test", (x, t) -> false), store, 2, 2, WallClock.system(), quiet);
        assertThat(manifest.quality().get("lstm_networks")).isEqualTo(lstm ? 1.0 : 0.0);
        Path out = tmp.resolve(name);
        ReplayJob.run(live, out, cfg.withDetect(cfg.detect().withModels(store)));
        Map<String, JsonNode> found = new HashMap<>();
        long from = T0 + CHANGE_AT * 60_000L;
        long to = from + 150 * 60_000L; // the change's 120 steps and the return to the old rhythm after it
        for (JsonNode a : OutputLines.parse(Files.readAllLines(out.resolve(ReplayJob.ANOMALIES)))) {
            long t = Timestamps.parse(a.path("timestamp").asText());
            assertThat(a.path("series").asText().contains("p1") && t >= from && t < to)
                    .as("anomaly outside the change: %s", a).isTrue();
            found.put(a.path("timestamp").asText(), a);
        }
        return found;
    }
}
