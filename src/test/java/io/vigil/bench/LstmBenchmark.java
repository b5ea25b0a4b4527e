package io.vigil.bench;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.detect.SeriesDetector;
import io.vigil.detect.lstm.LstmKind;
import io.vigil.detect.lstm.LstmModel;
import io.vigil.detect.lstm.LstmModule;
import io.vigil.detect.lstm.LstmNet;
import io.vigil.detect.lstm.LstmState;
import io.vigil.detect.lstm.LstmTrainer;
import io.vigil.features.TimeFeatures;
import io.vigil.model.FeatureVector;
import io.vigil.model.StateBytes;
import io.vigil.model.WallClock;

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
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The LSTM forecaster's costs (targets: one streaming step ≤ 2 µs at hidden 32; per-series state
 * ≤ 512 B). {@code step} advances one series by one grid point; {@code detectorPoint} is what the
 * scorer does per point beside Flink's state access (restore the series' detector from its state,
 * score, learn, save); {@code train30Days} fits a family of four series of 30 days at 5-minute steps
 * (8,640 points each). Setup prints the state's size as Flink serializes it.
 *
 * <p>{@code mvn -Pbench clean test -Dbench=LstmBenchmark}
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
public class LstmBenchmark {
    static final int INPUTS = LstmModel.INPUTS;

    @Param({"16", "32"})
    int hidden;

    LstmNet net;
    float[] h;
    float[] c;
    float[] gates;
    double[] x;
    List<LstmTrainer.Sequence> family;
    int t;
    LstmKind kind;
    LstmState start;
    LstmState state;
    FeatureVector[] points;

    @Setup
    public void setup() {
        net = LstmNet.initial(INPUTS, hidden, 1);
        h = new float[hidden];
        c = new float[hidden];
        gates = new float[net.scratchSize()];
        x = new double[INPUTS];
        VigilConfig cfg = ConfigLoader.load(null, Map.of("detect.lstm.enabled", "true", "detect.lstm.hidden",
                Integer.toString(hidden)));
        kind = new LstmKind(LstmModule.settings(cfg.detect()), cfg.detect().models(), 60_000, WallClock.fixed(0));
        kind.acceptShared("m", LstmModel.of("m", 0, 0.5, 1, LstmNet.initial(INPUTS, hidden, 3)).toBytes());
        points = new FeatureVector[4096];
        long t0 = 1_767_225_600_000L;
        for (int i = 0; i < points.length; i++) {
            long ts = t0 + i * 60_000L;
            double a = TimeFeatures.hourAngle(ts);
            points[i] = new FeatureVector("m{}", "m", Map.of(), ts, 10 + Math.sin(i / 7.0), false, false,
                    new double[0], new double[0], new double[0], Double.NaN, Math.sin(a), Math.cos(a), 0, 1, 0, i);
        }
        SeriesDetector<LstmState> d = kind.create();
        for (int i = 0; i < 200; i++) {
            d.score(points[i]);
            d.learn(points[i]);
        }
        start = d.toState();
        state = start;
        System.out.printf("%nlstm state: %d bytes per series at hidden %d%n", StateBytes.of(LstmState.class, state),
                hidden);
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
                in[i] = new double[] {v, Math.sin(phase), Math.cos(phase)};
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
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public LstmState detectorPoint() {
        int i = t++ & 2047;
        if (i == 0) {
            state = start; // back to the state after point 199, which points[200] follows
        }
        FeatureVector p = points[200 + i];
        SeriesDetector<LstmState> d = kind.restore(state);
        d.score(p);
        d.learn(p);
        state = d.toState();
        return state;
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1, time = 1)
    @Measurement(iterations = 2, time = 1)
    public LstmNet train30Days() {
        return new LstmTrainer(LstmTrainer.Settings.DEFAULT.withHidden(hidden)).fit(family).net();
    }
}
