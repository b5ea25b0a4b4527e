package io.vigil.detect.lstm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The LSTM's math and learning on signals whose best forecast is known: the gradient against
 * finite differences, the streaming step against the training pass, a noisy daily cycle and an
 * autoregressive series learned close to their noise floor, and a change of dynamics it has not
 * seen showing up as forecast errors several times the noise.
 */
class LstmNetTest {
    static final int PERIOD = 48;

    @Test
    void gradient_matchesFiniteDifferences() {
        Random r = new Random(11);
        LstmNet net = LstmNet.initial(3, 4, 5);
        double[] p = net.parameters();
        for (int i = 0; i < p.length; i++) {
            p[i] += 0.3 * r.nextGaussian(); // away from the initial symmetry
        }
        double[][] x = new double[10][3];
        double[] y = new double[10];
        for (int t = 0; t < 10; t++) {
            for (int k = 0; k < 3; k++) {
                x[t][k] = r.nextGaussian();
            }
            y[t] = r.nextGaussian();
        }
        double[] grad = new double[p.length];
        net.lossAndGradient(x, y, 2, grad);
        double worst = 0;
        for (int i = 0; i < p.length; i++) {
            double keep = p[i];
            double eps = 1e-5;
            p[i] = keep + eps;
            double up = net.lossAndGradient(x, y, 2, new double[p.length]);
            p[i] = keep - eps;
            double down = net.lossAndGradient(x, y, 2, new double[p.length]);
            p[i] = keep;
            double numeric = (up - down) / (2 * eps);
            double rel = Math.abs(numeric - grad[i]) / Math.max(1e-7, Math.abs(numeric) + Math.abs(grad[i]));
            worst = Math.max(worst, rel);
        }
        assertThat(worst).as("largest relative difference over %d parameters", p.length).isLessThan(1e-6);
    }

    @Test
    void streamingStep_forecastsAsTheTrainingPassDoes() {
        Random r = new Random(3);
        LstmNet net = LstmNet.initial(2, 8, 9);
        double[][] x = new double[20][2];
        for (double[] row : x) {
            row[0] = r.nextGaussian();
            row[1] = r.nextGaussian();
        }
        float[] h = new float[8];
        float[] c = new float[8];
        float[] gates = new float[net.scratchSize()];
        double last = 0;
        for (double[] row : x) {
            last = net.step(row, h, c, gates);
        }
        // The training pass's loss at the last step alone is ½(ŷ − target)²: with target 0, ŷ = ±√(2·loss).
        double[] targets = new double[20];
        double loss = net.lossAndGradient(x, targets, 19, new double[net.parameters().length]);
        assertThat(Math.abs(last)).isCloseTo(Math.sqrt(2 * loss), org.assertj.core.data.Offset.offset(1e-4));
    }

    /** A daily cycle (48 steps) with Gaussian noise of 0.1, its phase as input. */
    static LstmTrainer.Sequence seasonal(int steps, long seed) {
        Random r = new Random(seed);
        double[] v = new double[steps + 1];
        for (int t = 0; t <= steps; t++) {
            v[t] = Math.sin(2 * Math.PI * t / PERIOD) + 0.5 * Math.sin(4 * Math.PI * t / PERIOD) + 0.1 * r.nextGaussian();
        }
        double[][] x = new double[steps][];
        double[] y = new double[steps];
        for (int t = 0; t < steps; t++) {
            double phase = 2 * Math.PI * ((t + 1) % PERIOD) / PERIOD;
            x[t] = new double[] {v[t], Math.sin(phase), Math.cos(phase)};
            y[t] = v[t + 1];
        }
        return new LstmTrainer.Sequence(x, y);
    }

    /** x_t = a1·x_{t−1} + a2·x_{t−2} + N(0, 0.1²). */
    static LstmTrainer.Sequence autoregressive(int steps, double a1, double a2, long seed) {
        Random r = new Random(seed);
        double[] v = new double[steps + 1];
        for (int t = 2; t <= steps; t++) {
            v[t] = a1 * v[t - 1] + a2 * v[t - 2] + 0.1 * r.nextGaussian();
        }
        double[][] x = new double[steps][];
        double[] y = new double[steps];
        for (int t = 0; t < steps; t++) {
            x[t] = new double[] {v[t] / 0.2, 0, 0};
            y[t] = v[t + 1] / 0.2;
        }
        return new LstmTrainer.Sequence(x, y);
    }

    /** RMS forecast error streaming through {@code s} from a zero state, after {@code skip} steps; and persistence's. */
    static double[] rmse(LstmNet net, LstmTrainer.Sequence s, int skip) {
        float[] h = new float[net.hidden()];
        float[] c = new float[net.hidden()];
        float[] gates = new float[net.scratchSize()];
        double sq = 0;
        double naive = 0;
        int n = 0;
        for (int t = 0; t < s.targets().length; t++) {
            double f = net.step(s.inputs()[t], h, c, gates);
            if (t >= skip) {
                sq += (f - s.targets()[t]) * (f - s.targets()[t]);
                naive += (s.inputs()[t][0] - s.targets()[t]) * (s.inputs()[t][0] - s.targets()[t]);
                n++;
            }
        }
        return new double[] {Math.sqrt(sq / n), Math.sqrt(naive / n)};
    }

    @Test
    void noisyDailyCycle_learnedNearItsNoise() {
        LstmTrainer.Trained t = new LstmTrainer(LstmTrainer.Settings.DEFAULT).fit(List.of(seasonal(30 * PERIOD, 1),
                seasonal(30 * PERIOD, 2)));
        double[] e = rmse(t.net(), seasonal(10 * PERIOD, 99), 48);
        System.out.printf("lstm seasonal: rmse %.4f (noise 0.1), persistence %.4f, %d epochs%n", e[0], e[1], t.epochs());
        assertThat(e[0]).as("within 30%% of the noise").isLessThan(0.13);
        assertThat(e[0]).as("better than persistence").isLessThan(0.75 * e[1]);
    }

    @Test
    void autoregression_learnedNearItsNoise() {
        List<LstmTrainer.Sequence> train = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            train.add(autoregressive(1500, 1.2, -0.5, s));
        }
        LstmTrainer.Trained t = new LstmTrainer(LstmTrainer.Settings.DEFAULT).fit(train);
        double[] e = rmse(t.net(), autoregressive(2000, 1.2, -0.5, 77), 48);
        System.out.printf("lstm ar(2): rmse %.4f (noise 0.5 in these units), persistence %.4f, %d epochs%n", e[0], e[1],
                t.epochs());
        assertThat(e[0]).as("within 15%% of the noise").isLessThan(0.575);
        assertThat(e[0]).isLessThan(0.85 * e[1]);

        // Dynamics it never saw (an oscillation): errors several times the noise.
        double[] changed = rmse(t.net(), autoregressive(2000, -0.9, 0.0, 78), 48);
        System.out.printf("lstm ar(2) on unseen dynamics: rmse %.4f%n", changed[0]);
        assertThat(changed[0]).isGreaterThan(2 * e[0]);
    }

    @Test
    void sameSeed_sameModel() {
        List<LstmTrainer.Sequence> data = List.of(seasonal(10 * PERIOD, 4));
        LstmTrainer.Settings s = LstmTrainer.Settings.DEFAULT.withMaxEpochs(5);
        assertThat(new LstmTrainer(s).fit(data).net().parameters())
                .containsExactly(new LstmTrainer(s).fit(data).net().parameters());
    }
}
