package io.vigil.detect.lstm;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.model.Timestamps;
import io.vigil.replay.ReplayJob;
import io.vigil.testing.OutputLines;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The LSTM module in the Flink job ({@code replay} on a MiniCluster): the family's network is fitted
 * in the stream from its series' clean points, broadcast to the scorers, and a series whose
 * oscillation changes period (every value still inside its usual range, before the seasonal model
 * has the two days it needs) is flagged by it; with the module off the same change goes unseen.
 */
class LstmReplayIT {
    static final long T0 = 1_767_225_600_000L;
    static final int N = 2_000;
    static final int CHANGE_AT = 1_700;

    @TempDir
    Path tmp;

    @Test
    void periodChange_flaggedByTheStreamFittedNetwork_unseenWithoutIt() throws Exception {
        StringBuilder csv = new StringBuilder("timestamp,metric,value,service,pod\n");
        double[][] v = new double[3][];
        for (int id = 0; id < 3; id++) {
            v[id] = LstmDetectorTest.series(id, N, id == 1 ? CHANGE_AT : Integer.MAX_VALUE, id);
        }
        for (int i = 0; i < N; i++) {
            for (int id = 0; id < 3; id++) {
                csv.append(Timestamps.format(T0 + i * 60_000L)).append(",osc,").append(v[id][i]).append(",osc,p")
                        .append(id).append('\n');
            }
        }
        Path input = tmp.resolve("osc.csv");
        Files.writeString(input, csv);

        Map<String, JsonNode> on = changeAnomalies(input, "on", true);
        Map<String, JsonNode> off = changeAnomalies(input, "off", false);
        assertThat(on).as("anomalies of p1 during its period change, LSTM on").isNotEmpty();
        assertThat(on.values()).anySatisfy(a -> assertThat(a.path("detectors").path("lstm").asDouble()).isGreaterThan(0.5));
        assertThat(off).as("the same, LSTM off").isEmpty();
    }

    /** Anomalies of series p1 inside its change, by timestamp. */
    Map<String, JsonNode> changeAnomalies(Path input, String name, boolean lstm) throws Exception {
        VigilConfig base = ConfigLoader.load(null, Map.of("detect.lstm.enabled", Boolean.toString(lstm)));
        VigilConfig cfg = base.withIngest(base.ingest().withCsvColumns(List.of("timestamp", "metric", "value",
                "service", "pod")));
        Path out = tmp.resolve(name);
        ReplayJob.run(input, out, cfg);
        Map<String, JsonNode> found = new HashMap<>();
        long from = T0 + CHANGE_AT * 60_000L;
        long to = from + 120 * 60_000L;
        for (JsonNode a : OutputLines.parse(Files.readAllLines(out.resolve(ReplayJob.ANOMALIES)))) {
            long t = Timestamps.parse(a.path("timestamp").asText());
            if (a.path("series").asText().contains("p1") && t >= from && t < to) {
                found.put(a.path("timestamp").asText(), a);
            }
        }
        return found;
    }
}
