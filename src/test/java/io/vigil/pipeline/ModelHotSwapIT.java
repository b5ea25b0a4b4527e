package io.vigil.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.detect.DetectorModules;
import io.vigil.detect.store.StoreManifest;
import io.vigil.model.InputFormat;
import io.vigil.model.MetricSample;
import io.vigil.model.RawRecord;
import io.vigil.model.SeriesIds;
import io.vigil.model.Timestamps;
import io.vigil.model.WallClock;
import io.vigil.testing.MiniClusters;
import io.vigil.train.HistoryCollector;
import io.vigil.train.SeedTraining;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A new store version published while the job runs on a MiniCluster is taken up without a restart:
 * the series it has a seed for switch to it at their next point (their expectation moves to the new
 * model's level), the series it has none for keep the models they have, and every sample is scored.
 */
class ModelHotSwapIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    static final long T0 = Timestamps.parse("2026-03-02T00:00:00Z");
    static final long DAY = 86_400_000L;
    static final int HISTORY_DAYS = 3;
    static final int LIVE = 3000;
    static final String A = SeriesIds.of("load", Map.of("pod", "a"));
    static final String B = SeriesIds.of("load", Map.of("pod", "b"));

    @TempDir
    Path dir;

    static double shape(long t) {
        return 100 + 30 * Math.sin(2 * Math.PI * (t % DAY) / DAY);
    }

    @Test
    void newVersionWhileRunning_seriesSwitchToIt_othersKeepTheirModels_nothingLost() throws Exception {
        String store = dir.resolve("store").toString();
        VigilConfig cfg = ConfigLoader.load(null, Map.of("job.parallelism", "2", "detect.models", store,
                "detect.models-reload-every", "1s", "detect.entity.enabled", "false", "ingest.idleness", "1s"));
        StoreManifest v1 = train(cfg, store, List.of("a", "b"), 0);

        StreamExecutionEnvironment env = FlinkSettings.environment(cfg.job(), new Configuration());
        long liveStart = T0 + HISTORY_DAYS * DAY;
        DataGeneratorSource<RawRecord> source = new DataGeneratorSource<>(i -> {
            long t = liveStart + (i / 2) * 60_000;
            String pod = i % 2 == 0 ? "a" : "b";
            double v = shape(t) + new Random(i).nextGaussian();
            String json = "{\"timestamp\":\"" + Timestamps.format(t).replace(".000", "") + "\",\"value\":\"" + v
                    + "\",\"name\":\"load\",\"labels\":{\"__name__\":\"load\",\"pod\":\"" + pod + "\"}}";
            return new RawRecord("live", 0, i, InputFormat.ADAPTER_JSON, json.getBytes(StandardCharsets.UTF_8));
        }, LIVE, RateLimiterStrategy.perSecond(150), TypeInformation.of(RawRecord.class));
        var raw = env.fromSource(source, WatermarkStrategy.noWatermarks(), "live").uid("test-live-source");
        var scored = VigilPipeline.build(SampleInput.records(raw, "live", cfg.ingest()), cfg, ScoresOut.EVERY_POINT).scores()
                .map(p -> p.series() + "|" + p.modelVersion() + "|" + p.expected()).returns(Types.STRING)
                .uid("test-describe").name("describe");

        List<String[]> seen = new ArrayList<>();
        StoreManifest v2 = null;
        try (CloseableIterator<String> it = scored.executeAndCollect("hot-swap")) {
            while (it.hasNext()) {
                String[] p = it.next().split("\\|");
                seen.add(p);
                if (v2 == null && seen.stream().filter(x -> x[0].equals(A)).count() >= 100) {
                    v2 = train(cfg, store, List.of("a"), 500);
                }
            }
        }
        assertThat(v2).isNotNull();
        assertThat(seen).as("every sample scored").hasSize(LIVE);
        String first = v1.version();
        String second = v2.version();
        List<Double> aBefore = new ArrayList<>();
        List<Double> aAfter = new ArrayList<>();
        for (String[] p : seen) {
            if (p[0].equals(B)) {
                assertThat(p[1]).as("b has no seed in the new version: it keeps its models").isEqualTo(first);
            } else if (p[1].equals(first)) {
                assertThat(aAfter).as("a never goes back to the old version").isEmpty();
                aBefore.add(Double.parseDouble(p[2]));
            } else {
                assertThat(p[1]).isEqualTo(second);
                aAfter.add(Double.parseDouble(p[2]));
            }
        }
        assertThat(aBefore).hasSizeGreaterThanOrEqualTo(100);
        assertThat(aAfter).as("a switched to the new version while running").hasSizeGreaterThan(100);
        double before = aBefore.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double after = aAfter.subList(0, 50).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertThat(after - before).as("the new model's level (500 higher)").isGreaterThan(300);
    }

    /** Publishes a version trained on HISTORY_DAYS of the pods' history, {@code offset} added to every value. */
    private static StoreManifest train(VigilConfig cfg, String store, List<String> pods, double offset) throws Exception {
        HistoryCollector h = new HistoryCollector();
        Random r = new Random(1);
        for (long t = T0; t < T0 + HISTORY_DAYS * DAY; t += 60_000) {
            for (String pod : pods) {
                h.add(new MetricSample(SeriesIds.of("load", Map.of("pod", pod)), "load", Map.of("pod", pod), t,
                        shape(t) + offset + r.nextGaussian(), false));
            }
        }
        return SeedTraining.run(cfg, DetectorModules.standard(), new SeedTraining.Input(h.histories(), "test",
                (x, t) -> false), store, 2, 1, WallClock.system(), new PrintWriter(Writer.nullWriter()));
    }
}
