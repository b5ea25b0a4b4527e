package io.vigil.bench;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.detect.entity.Entities;
import io.vigil.detect.entity.EntityConfig;
import io.vigil.detect.entity.EntityModule;
import io.vigil.detect.entity.JudgeEntities;
import io.vigil.model.Direction;
import io.vigil.model.ScoredPoint;
import io.vigil.model.WallClock;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One step of one entity through the entity stage ({@code JudgeEntities} on Flink's heap state, as
 * in a test harness): every member's point, the step's relation verdict, learning and the
 * corroboration of its anomalies. Warmed for two days of one-minute steps, so the relation model is
 * fitted. Divide by {@code series} for the cost per sample.
 *
 * <p>{@code mvn -Pbench clean test -Dbench=EntityJudgeBenchmark}
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EntityJudgeBenchmark {
    static final long STEP = 60_000;
    static final long T0 = 1_767_225_600_000L;

    @Param({"8", "34"})
    public int series;

    KeyedOneInputStreamOperatorTestHarness<String, ScoredPoint, ScoredPoint> harness;
    Random random;
    int step;
    String[] names;

    @Setup
    public void warm() throws Exception {
        VigilConfig cfg = ConfigLoader.load(null, Map.of());
        EntityConfig c = EntityModule.settings(cfg.detect());
        var cal = cfg.detect().calibration();
        List<String> labels = c.labels();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new JudgeEntities(c, STEP,
                cfg.features().seriesExpiry().toMillis(), cal, cfg.detect().models(), WallClock.system())),
                (ScoredPoint p) -> Entities.key(p.labels(), labels), Types.STRING);
        harness.setup();
        harness.open();
        random = new Random(3);
        names = new String[series];
        for (int i = 0; i < series; i++) {
            names[i] = "m" + i + "{instance=\"host-1\"}";
        }
        for (step = 0; step < 2 * 1440; ) {
            oneStep();
        }
    }

    @TearDown
    public void close() throws Exception {
        harness.close();
    }

    @Benchmark
    public int oneStep() throws Exception {
        long t = T0 + step * STEP;
        double common = 0.3 * random.nextGaussian();
        for (int i = 0; i < series; i++) {
            double u = (i % 4 == 0 ? common : 0) + 0.3 * random.nextGaussian();
            // About one point in a thousand anomalous, as at a busy host.
            boolean anomalous = random.nextInt(1000) == 0;
            harness.processElement(new ScoredPoint(names[i], "m" + i, Map.of("instance", "host-1"), "", t, 100 + u,
                    100, 99, 101, anomalous ? 0.6 : 0.1, Direction.NONE, Map.of(), anomalous), t);
        }
        harness.processWatermark(t + STEP - 1);
        step++;
        int n = harness.getOutput().size();
        harness.getOutput().clear();
        return n;
    }
}
