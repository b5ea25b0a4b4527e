package io.vigil.bench;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.eval.SeriesChain;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A point's way through the detection chain, and what each optional detector adds to it: one
 * series' chain (features, seasonal, robust, change, calibration, gate, incident session, alert
 * decision; {@code eval/SeriesChain}, the code the operators delegate to) warmed on four days of
 * 5-minute points, then one more day scored: with the defaults, without the change detector, and
 * with the family forest (its in-stream fit happened during warm-up; none falls in the measured
 * day; the fit itself is {@code FamilyFitBenchmark}).
 *
 * <p>{@code mvn -Pbench clean test -Dbench=DetectionChainBenchmark}
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
public class DetectionChainBenchmark {
    static final long STEP = 300_000;
    static final long DAY = 86_400_000L;
    static final long T0 = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();

    @Param({"defaults", "without-change", "with-family-forest"})
    public String chainConfig;

    VigilConfig config;
    SeriesChain chain;
    double[] day;

    static double value(long t, Random r) {
        double d = 2 * Math.PI * Math.floorMod(t, DAY) / DAY;
        return 300 + 80 * Math.sin(d - 1.2) + 20 * Math.sin(2 * d) + 3 * r.nextGaussian();
    }

    @Setup(Level.Invocation)
    public void warm() {
        config = ConfigLoader.load(null, Map.of("features.step", "5m",
                "detect.change.enabled", Boolean.toString(!chainConfig.equals("without-change")),
                "detect.iforest.families", Boolean.toString(chainConfig.equals("with-family-forest")),
                "detect.iforest.refit-every", "3d", "detect.iforest.min-rows", "512"));
        chain = new SeriesChain(config, "m{service=\"a\"}", Map.of("service", "a"));
        Random r = new Random(1);
        for (long t = T0; t < T0 + 4 * DAY; t += STEP) {
            chain.next(t, value(t, r));
        }
        day = new double[288];
        for (int i = 0; i < day.length; i++) {
            day[i] = value(T0 + 4 * DAY + i * STEP, r);
        }
    }

    @Benchmark
    @OperationsPerInvocation(288)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void scorePointThroughTheChain(Blackhole bh) {
        for (int i = 0; i < day.length; i++) {
            bh.consume(chain.next(T0 + 4 * DAY + i * STEP, day[i]));
        }
    }
}
