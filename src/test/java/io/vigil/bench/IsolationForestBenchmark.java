package io.vigil.bench;

import io.vigil.detect.iforest.CompactForest;
import io.vigil.detect.iforest.ForestTrainer;
import io.vigil.detect.iforest.SmileForests;

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
import org.openjdk.jmh.annotations.Warmup;

import smile.anomaly.IsolationForest;
import smile.math.MathEx;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Isolation Forest scoring (target: ≤ 2 µs per scored point, identical to Smile's): Smile's
 * own {@code score} against {@link CompactForest} on the same trained model, 100 classic trees of
 * 256-point subsamples, over {@code dim}-feature vectors (the seed's family vector has 10). Setup
 * prints the model sizes (Smile serialized vs. the compact form) and the training time.
 *
 * <p>{@code mvn -Pbench clean test -Dbench=IsolationForestBenchmark}
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class IsolationForestBenchmark {
    @Param({"4", "10"})
    int dim;

    IsolationForest smile;
    CompactForest compact;
    double[][] probes;
    int next;

    @Setup
    public void setUp() throws Exception {
        Random r = new Random(1);
        double[][] train = new double[10_000][dim];
        for (double[] row : train) {
            double common = r.nextGaussian();
            for (int j = 0; j < dim; j++) {
                row[j] = j + common + 0.3 * r.nextGaussian();
            }
        }
        MathEx.setSeed(2);
        long t0 = System.nanoTime();
        smile = IsolationForest.fit(train, ForestTrainer.TREES, 8, (double) ForestTrainer.SUBSAMPLE / train.length, 0);
        long t1 = System.nanoTime();
        compact = SmileForests.compact(smile, dim);
        long t2 = System.nanoTime();
        ForestTrainer.Trained trained = ForestTrainer.defaults().fit(train, 3);
        long t3 = System.nanoTime();
        probes = new double[4096][];
        for (int i = 0; i < probes.length; i++) {
            probes[i] = train[r.nextInt(train.length)].clone();
            probes[i][r.nextInt(dim)] += r.nextGaussian();
        }
        ByteArrayOutputStream smileBytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(smileBytes)) {
            out.writeObject(smile);
        }
        System.out.printf("%niforest dim %d: Smile fit %.0f ms, compaction %.1f ms, ForestTrainer.fit (cleaning, "
                + "calibration) %.0f ms; model %d slots, %d distinct path lengths: Smile serialized %d B, compact %d B%n", dim, (t1 - t0) / 1e6,
                (t2 - t1) / 1e6, (t3 - t2) / 1e6, compact.slots(), compact.distinctPathLengths(), smileBytes.size(), compact.toBytes().length,
                trained.rowsUsed());
    }

    @Benchmark
    public double smileScore() {
        return smile.score(probes[next++ & 4095]);
    }

    @Benchmark
    public double compactScore() {
        return compact.score(probes[next++ & 4095]);
    }
}
