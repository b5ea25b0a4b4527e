package io.vigil.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.eval.ReplayResults.SeriesScores;
import io.vigil.model.Timestamps;
import io.vigil.replay.ReplayJob;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * The evaluation chain is the streaming job's code: on a series sampled exactly on the grid, the
 * Flink job ({@code replay}) and {@link SeriesChain} give every point the same score and flag.
 */
class SeriesChainIT {
    @TempDir
    Path tmp;

    @Test
    void chainAndReplay_sameScoresOnAGridAlignedSeries() throws Exception {
        int n = 1500;
        long step = 300_000;
        long t0 = 1_700_000_100_000L / step * step;
        Random r = new Random(5);
        long[] ts = new long[n];
        double[] v = new double[n];
        StringBuilder csv = new StringBuilder("timestamp,metric,value,service\n");
        for (int i = 0; i < n; i++) {
            ts[i] = t0 + i * step;
            v[i] = 50 + 2 * r.nextGaussian() + (i % 400 == 399 ? 25 : 0) + (i > 1000 ? 10 : 0);
            csv.append(Timestamps.format(ts[i])).append(",latency,").append(v[i]).append(",pay\n");
        }
        Path input = tmp.resolve("in.csv");
        Files.writeString(input, csv);
        VigilConfig cfg = ConfigLoader.load(null, Map.of("features.step", "5m"));
        ReplayJob.run(input, tmp.resolve("out"), cfg.withIngest(cfg.ingest().withCsvColumns(
                java.util.List.of("timestamp", "metric", "value", "service"))));
        SeriesScores stream = ReplayResults.read(tmp.resolve("out")).series().values().iterator().next();

        SeriesChain chain = new SeriesChain(cfg, "latency{service=\"pay\"}", Map.of("service", "pay"));
        assertThat(stream.rows()).isEqualTo(n);
        int flagged = 0;
        for (int i = 0; i < n; i++) {
            var row = chain.next(ts[i], v[i]);
            assertThat(stream.timestampsMs()[i]).isEqualTo(ts[i]);
            assertThat(stream.scores()[i]).as("row %d", i).isCloseTo(row.combined().score(), within(1e-12));
            assertThat(stream.alert()[i]).as("row %d", i).isEqualTo(row.anomalous());
            flagged += row.anomalous() ? 1 : 0;
        }
        assertThat(flagged).as("the injected spikes and the level shift").isGreaterThanOrEqualTo(3);
    }
}
