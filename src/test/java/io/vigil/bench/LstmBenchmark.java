package io.vigil.bench;

import io.vigil.detect.lstm.LstmNet;
import io.vigil.detect.lstm.LstmTrainer;

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
 * The LSTM forecaster's costs (targets: one streaming step ≤ 2 µs at hidden 32; per-series state
 * ≤ 512 B). {@code step} advances one series by one grid point; {@code train30Days} fits a family
 * of four series of 30 days at 5-minute steps (8,640 points each). Setup prints the state's size.
 *
 * <p>{@code mvn -Pbench clean test -Dbench=LstmBenchmark}
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
public class LstmBenchmark {
    static final int INPUTS = 5;

    @Param({"16", "32"})
    int hidden;

    LstmNet net;
    float[] h;
    float[] c;
    double[] gates;
    double[] x;
    List<LstmTrainer.Sequence> family;
    int t;

    @Setup
    public void setup() {
        net = LstmNet.initial(INPUTS, hidden, 1);
        h = new float[hidden];
        c = new float[hidden];
        gates = new double[net.scratchSize()];
        x = new double[INPUTS];
        // h and c as floats, plus the normaliser's three doubles and the step counter.
        System.out.printf("%nlstm state: %d bytes per series at hidden %d%n", 2 * 4 * hidden + 3 * 8 + 8, hidden);
        Random r = new Random(2);
        family = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            int n = 30 * 288;
            double[][] in = new double[n][];
            double[] y = new double[n];
            double v = 0;
            for (int i = 0; i < n; i++) {
                double phase = 2 * Math.PI * (i % 288) / 288;
                double next = Math.sin(phase) + 0.1 * r.nextGaussian();
                in[i] = new double[] {v, Math.sin(phase), Math.cos(phase), 0, 1};
                y[i] = next;
                v = next;
            }
            family.add(new LstmTrainer.Sequence(in, y));
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public double step() {
        x[0] = (t++ & 63) / 32.0 - 1;
        x[1] = 0.5;
        x[2] = -0.5;
        return net.step(x, h, c, gates);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1, time = 1)
    @Measurement(iterations = 2, time = 1)
    public LstmNet train30Days() {
        return new LstmTrainer(LstmTrainer.Settings.DEFAULT.withHidden(hidden)).fit(family).net();
    }
}
