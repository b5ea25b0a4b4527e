package io.vigil.bench;

import io.vigil.detect.iforest.FamilyFit;
import io.vigil.detect.iforest.FamilyFitting;
import io.vigil.detect.iforest.ForestModels;

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

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One in-stream fit of a family forest (100 trees of 256-row subsamples, 5σ cleaning, threshold and
 * tail) from a full sample of 13-feature rows, as {@code FitFamilies} runs it once a refit period.
 *
 * <p>{@code mvn -Pbench clean test -Dbench=FamilyFitBenchmark}
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
public class FamilyFitBenchmark {
    @Param({"512", "2048"})
    public int rows;

    FamilyFitting fitting;
    FamilyFit position;
    FamilyFitting.Ring ring;

    @Setup
    public void sample() throws Exception {
        List<String> names = new ArrayList<>();
        for (int j = 0; j < 13; j++) {
            names.add("f" + j);
        }
        fitting = new FamilyFitting(rows, 64, 1, 0.01, names);
        ring = new FamilyFitting.ListRing();
        Random r = new Random(5);
        FamilyFit f = FamilyFit.EMPTY;
        for (int i = 0; i < rows; i++) {
            double common = r.nextGaussian();
            double[] v = new double[13];
            for (int j = 0; j < v.length; j++) {
                v[j] = 10 * j + common * (1 + j % 4) + r.nextGaussian();
            }
            f = fitting.offer(f, "s", i * 60_000L, v, ring);
        }
        position = f;
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ForestModels.Model fit() throws Exception {
        return fitting.fit("family", position, ring);
    }
}
