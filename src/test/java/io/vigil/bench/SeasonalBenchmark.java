package io.vigil.bench;

import io.vigil.config.ConfigLoader;
import io.vigil.config.DetectConfig;
import io.vigil.detect.seasonal.SeasonalModule;
import io.vigil.detect.DetectorScore;
import io.vigil.detect.SeriesDetector;
import io.vigil.detect.seasonal.SeasonalFitter;
import io.vigil.detect.seasonal.SeasonalKind;
import io.vigil.detect.seasonal.SeasonalModel;
import io.vigil.detect.seasonal.SeasonalState;
import io.vigil.model.FeatureVector;
import io.vigil.model.StateBytes;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
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
 * The seasonal forecaster's costs (targets: fit ≤ 10 ms for 30 days at 5-minute steps,
 * scoring ≤ 0.5 µs per point, state ≤ 4 KB per series). Setup prints the state's size as Flink
 * serializes it.
 *
 * <p>{@code mvn -Pbench clean test -Dbench=SeasonalBenchmark}
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
public class SeasonalBenchmark {
    static final long STEP = 300_000;
    static final long DAY = 86_400_000L;
    static final int POINTS = 30 * 288;
    static final long T0 = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();

    DetectConfig config;
    SeasonalFitter fitter;
    long[] t;
    double[] y;
    long[] bucketT;
    double[] bucketY;
    double[] bucketW;
    SeasonalKind kind;
    SeasonalState warmState;
    FeatureVector[] next;
    SeriesDetector<SeasonalState> detector;

    static double value(long t, Random r) {
        double day = 2 * Math.PI * Math.floorMod(t, DAY) / DAY;
        double week = 2 * Math.PI * Math.floorMod(t, 7 * DAY) / (7 * DAY);
        return 300 + 0.5 * (t - T0) / DAY + 80 * Math.sin(day - 1.2) + 20 * Math.sin(2 * day) + 25 * Math.cos(week)
                + 3 * r.nextGaussian();
    }

    static FeatureVector point(long t, double v) {
        return new FeatureVector("s", "m", Map.of(), t, v, false, false, new double[0], new double[0], new double[0],
                Double.NaN, 0, 0, 0, 0, 0, 0);
    }

    @Setup(Level.Trial)
    public void data() {
        config = ConfigLoader.defaults().detect();
        fitter = new SeasonalFitter(SeasonalModule.settings(config));
        Random r = new Random(1);
        t = new long[POINTS];
        y = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            t[i] = T0 + i * STEP;
            y[i] = value(t[i], r);
        }
        // The stream refits from its history: 21 days of hourly means (the default).
        int buckets = 21 * 24;
        bucketT = new long[buckets];
        bucketY = new double[buckets];
        bucketW = new double[buckets];
        for (int b = 0; b < buckets; b++) {
            bucketT[b] = t[POINTS - buckets * 12 + b * 12] + 1_800_000;
            double sum = 0;
            for (int k = 0; k < 12; k++) {
                sum += y[POINTS - buckets * 12 + b * 12 + k];
            }
            bucketY[b] = sum / 12;
            bucketW[b] = 12;
        }
        kind = new SeasonalKind(SeasonalModule.settings(config));
        SeriesDetector<SeasonalState> d = kind.create();
        for (int i = 0; i < POINTS; i++) {
            d.learn(point(t[i], y[i]));
        }
        warmState = d.toState();
        next = new FeatureVector[POINTS];
        for (int i = 0; i < POINTS; i++) {
            long ti = t[POINTS - 1] + (i + 1) * STEP;
            next[i] = point(ti, value(ti, r));
        }
        System.out.printf("%nseasonal state per series: %,d bytes (Flink serializer, defaults: 21 days of hourly "
                + "buckets, %d coefficients)%n", StateBytes.of(SeasonalState.class, warmState), warmState.beta().length);
    }

    @Setup(Level.Invocation)
    public void freshDetector() {
        detector = kind.restore(StateBytes.roundTrip(SeasonalState.class, warmState));
    }

    /** The forecast command's fit: 30 days of raw 5-minute points. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public SeasonalModel fit30DaysRawPoints() {
        return fitter.fit(t, y, null, 0, null);
    }

    /** The stream's refit: 21 days of hourly bucket means. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public SeasonalModel refitFromBuckets() {
        return fitter.fit(bucketT, bucketY, bucketW, 3_600_000, null);
    }

    /** Scoring a point against the warm model (what the target is about). */
    @Benchmark
    @OperationsPerInvocation(POINTS)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public void scorePoint(Blackhole bh) {
        for (FeatureVector p : next) {
            bh.consume(detector.score(p));
        }
    }

    /** Score then learn, as the operator does: includes bucket closes and the daily refits, amortised. */
    @Benchmark
    @OperationsPerInvocation(POINTS)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public void scoreAndLearnPoint(Blackhole bh) {
        for (FeatureVector p : next) {
            DetectorScore s = detector.score(p);
            detector.learn(p);
            bh.consume(s);
        }
    }
}
