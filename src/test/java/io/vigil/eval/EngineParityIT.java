package io.vigil.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.demo.ScenarioFiles;
import io.vigil.detect.DetectorModules;
import io.vigil.model.OutputJson;
import io.vigil.model.Timestamps;
import io.vigil.replay.ReplayJob;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The evaluation runs the product: a NAB file and a generated shop, each through the Flink job
 * ({@code replay} on a MiniCluster) and through the evaluation's drivers ({@link SeriesChain} row by
 * row, {@link ReplayDriver} over the whole file), give the same scores, anomalies, incidents and
 * alerts, line for line.
 */
class EngineParityIT {
    static final List<String> FILES = List.of(ReplayJob.SCORES, ReplayJob.ANOMALIES, ReplayJob.INCIDENTS,
            ReplayJob.ALERTS);

    @TempDir
    Path tmp;

    @Test
    void nabFile_streamAndEvaluation_sameScoresAnomaliesIncidentsAlerts() throws Exception {
        Path nab = Path.of("src/test/resources/nab/data");
        NabSeries s = NabSeries.read(nab, nab.resolve("realAWSCloudwatch/ec2_cpu_utilization_24ae8d.csv"));
        StringBuilder csv = new StringBuilder("timestamp,metric,value\n");
        for (int i = 0; i < s.rows(); i++) {
            csv.append(Timestamps.format(s.timestampsMs()[i])).append(",cpu,").append(s.values()[i]).append('\n');
        }
        Path input = tmp.resolve("nab.csv");
        Files.writeString(input, csv);
        VigilConfig base = ConfigLoader.load(null, Map.of("features.step", "5m"));
        VigilConfig cfg = base.withIngest(base.ingest().withCsvColumns(List.of("timestamp", "metric", "value")));

        ReplayJob.run(input, tmp.resolve("stream"), cfg);
        ReplayDriver.run(input, tmp.resolve("driver"), cfg, DetectorModules.standard());
        assertSameLines(tmp.resolve("stream"), tmp.resolve("driver"));

        // Row by row, as `evaluate nab` runs it: the same score and flag for every row, the same events.
        SeriesChain chain = new SeriesChain(cfg, "cpu{}", Map.of());
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < s.rows(); i++) {
            SeriesChain.RowScore r = chain.next(s.timestampsMs()[i], s.values()[i]);
            rows.add(Timestamps.format(s.timestampsMs()[i]) + "," + r.combined().score() + "," + (r.anomalous() ? 1 : 0));
        }
        chain.finish();
        List<String> streamRows = new ArrayList<>();
        for (String l : lines(tmp.resolve("stream").resolve(ReplayJob.SCORES))) {
            String[] f = l.split(",");
            streamRows.add(f[0] + "," + Double.parseDouble(f[6]) + "," + f[7]);
        }
        assertThat(streamRows).as("every NAB row is one grid step").hasSize(s.rows());
        assertThat(rows).containsExactlyElementsOf(streamRows.stream().sorted().toList());
        assertThat(chain.incidents().stream().map(OutputJson::incident).sorted().toList())
                .containsExactlyElementsOf(lines(tmp.resolve("stream").resolve(ReplayJob.INCIDENTS)));
        assertThat(chain.alerts().stream().map(OutputJson::alert).sorted().toList())
                .containsExactlyElementsOf(lines(tmp.resolve("stream").resolve(ReplayJob.ALERTS)));
        assertThat(lines(tmp.resolve("stream").resolve(ReplayJob.ANOMALIES))).as("the file has anomalies").isNotEmpty();
    }

    @Test
    void generatedShop_streamAndEvaluation_sameScoresAnomaliesIncidentsAlerts() throws Exception {
        Path dir = tmp.resolve("shop");
        ScenarioFiles.write(dir, 12, 7, h -> { });
        VigilConfig base = ConfigLoader.load(null, Map.of("correlate.services",
                dir.resolve(ScenarioFiles.SERVICES).toString()));
        VigilConfig cfg = base.withIngest(base.ingest().withCsvColumns(
                List.of("timestamp", "metric", "value", "service", "namespace", "instance")));
        Path input = dir.resolve(ScenarioFiles.METRICS);

        ReplayJob.run(input, tmp.resolve("stream"), cfg);
        ReplayDriver.run(input, tmp.resolve("driver"), cfg, DetectorModules.standard());
        assertSameLines(tmp.resolve("stream"), tmp.resolve("driver"));
        assertThat(lines(tmp.resolve("stream").resolve(ReplayJob.ALERTS))).as("the shop's faults page").isNotEmpty();
    }

    static void assertSameLines(Path stream, Path driver) throws IOException {
        for (String f : FILES) {
            assertThat(lines(driver.resolve(f))).as(f).containsExactlyElementsOf(lines(stream.resolve(f)));
        }
    }

    /** A file's lines without a CSV header, sorted (the job's parallel outputs interleave). */
    static List<String> lines(Path file) throws IOException {
        List<String> out = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        out.removeIf(l -> l.isBlank() || l.equals(OutputJson.SCORES_HEADER));
        out.sort(null);
        return out;
    }
}
