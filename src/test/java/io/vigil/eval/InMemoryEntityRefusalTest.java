package io.vigil.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.detect.DetectorModules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The in-memory replay has no entity stage, so it refuses a file with an entity the stream job
 * would judge instead of giving other results than {@code replay}; smaller entities replay as usual.
 */
class InMemoryEntityRefusalTest {
    @TempDir
    Path dir;

    Path csv(int seriesPerHost) throws Exception {
        StringBuilder sb = new StringBuilder("timestamp,metric,value,instance\n");
        for (int t = 0; t < 30; t++) {
            for (int m = 0; m < seriesPerHost; m++) {
                sb.append(1_767_225_600L + 60L * t).append(",m").append(m).append(',').append(t % 7).append(",host-1\n");
            }
        }
        Path f = dir.resolve("in" + seriesPerHost + ".csv");
        Files.writeString(f, sb);
        return f;
    }

    static VigilConfig config(Path file, Map<String, String> extra) {
        Map<String, String> m = new java.util.HashMap<>(extra);
        m.put("ingest.format", "csv");
        VigilConfig cfg = ConfigLoader.load(null, m);
        return cfg.withIngest(cfg.ingest().withCsvColumns(List.of("timestamp", "metric", "value", "instance")));
    }

    @Test
    void anEntityTheJobWouldJudge_isRefusedWithTheWayOut() throws Exception {
        Path in = csv(8);
        assertThatThrownBy(() -> ReplayDriver.run(in, dir.resolve("out"), config(in, Map.of()), DetectorModules.standard()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("instance=host-1")
                .hasMessageContaining("detect.entity.enabled=false");
        ReplayDriver.Counts c = ReplayDriver.run(in, dir.resolve("off"),
                config(in, Map.of("detect.entity.enabled", "false")), DetectorModules.standard());
        assertThat(c.lines().get(io.vigil.model.OutputJson.SCORES_FILE)).isEqualTo(8 * 30L);
    }

    @Test
    void smallerEntities_replayAsUsual() throws Exception {
        Path in = csv(7);
        ReplayDriver.Counts c = ReplayDriver.run(in, dir.resolve("out"), config(in, Map.of()), DetectorModules.standard());
        assertThat(c.rejected()).isZero();
    }
}
