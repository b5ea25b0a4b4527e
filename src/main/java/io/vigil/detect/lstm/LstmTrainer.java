package io.vigil.detect.lstm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Fits an {@link LstmNet} to sequences by backpropagation through time over fixed windows, with
 * Adam, gradients clipped by norm, and early stopping on a validation share of the windows (the
 * parameters of the best validation epoch are kept). Deterministic for a seed: windows are cut and
 * shuffled from it, and the arithmetic is single-threaded.
 */
public final class LstmTrainer {
    /**
     * @param window steps per training window (the longest dependency BPTT can learn)
     * @param warmup steps at a window's start left out of the loss while the state settles
     * @param batch windows per parameter update
     * @param validationShare the share of windows (the latest of each sequence) held out for stopping
     * @param patience epochs without a better validation loss before stopping
     */
    public record Settings(int hidden, int window, int warmup, int batch, double learningRate, int maxEpochs,
            int patience, double validationShare, double clipNorm, long seed) {
        public static final Settings DEFAULT = new Settings(16, 48, 12, 16, 0.01, 40, 4, 0.2, 1.0, 1);

        public Settings withHidden(int h) {
            return new Settings(h, window, warmup, batch, learningRate, maxEpochs, patience, validationShare, clipNorm,
                    seed);
        }

        public Settings withMaxEpochs(int epochs) {
            return new Settings(hidden, window, warmup, batch, learningRate, epochs, patience, validationShare,
                    clipNorm, seed);
        }
    }

    /** One series' training data: the inputs at each step and the value each step should forecast. */
    public record Sequence(double[][] inputs, double[] targets) {}

    /** The fitted network, its losses and how long it trained. */
    public record Trained(LstmNet net, double trainLoss, double validationLoss, int epochs) {}

    private record Window(Sequence seq, int from) {}

    private final Settings settings;

    public LstmTrainer(Settings settings) {
        this.settings = settings;
    }

    public Trained fit(List<Sequence> sequences) {
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("no sequences to train on");
        }
        int inputs = sequences.get(0).inputs()[0].length;
        Random random = new Random(settings.seed());
        List<Window> train = new ArrayList<>();
        List<Window> validation = new ArrayList<>();
        int w = settings.window();
        for (Sequence s : sequences) {
            int n = s.targets().length;
            if (n < w) {
                continue;
            }
            int windows = (n - w) / (w - settings.warmup()) + 1;
            int held = (int) Math.round(windows * settings.validationShare());
            for (int k = 0; k < windows; k++) {
                Window win = new Window(s, k * (w - settings.warmup()));
                (k >= windows - held ? validation : train).add(win);
            }
        }
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no sequence is longer than a training window of " + w + " steps");
        }
        LstmNet net = LstmNet.initial(inputs, settings.hidden(), settings.seed());
        double[] p = net.parameters();
        double[] best = p.clone();
        double bestLoss = Double.POSITIVE_INFINITY;
        double[] grad = new double[p.length];
        double[] m = new double[p.length];
        double[] v = new double[p.length];
        long t = 0;
        int since = 0;
        int epoch = 0;
        double trainLoss = Double.NaN;
        while (epoch < settings.maxEpochs() && since < settings.patience()) {
            epoch++;
            Collections.shuffle(train, random);
            double sum = 0;
            for (int b = 0; b < train.size(); b += settings.batch()) {
                java.util.Arrays.fill(grad, 0);
                int end = Math.min(train.size(), b + settings.batch());
                for (int k = b; k < end; k++) {
                    sum += loss(net, train.get(k), grad);
                }
                scale(grad, 1.0 / (end - b));
                t++;
                adam(p, grad, m, v, t);
            }
            trainLoss = sum / train.size();
            double val = validation.isEmpty() ? trainLoss : meanLoss(net, validation);
            if (val < bestLoss - 1e-9) {
                bestLoss = val;
                System.arraycopy(p, 0, best, 0, p.length);
                since = 0;
            } else {
                since++;
            }
        }
        return new Trained(new LstmNet(inputs, settings.hidden(), best), trainLoss, bestLoss, epoch);
    }

    private double loss(LstmNet net, Window win, double[] grad) {
        int w = settings.window();
        double[][] x = java.util.Arrays.copyOfRange(win.seq().inputs(), win.from(), win.from() + w);
        double[] y = java.util.Arrays.copyOfRange(win.seq().targets(), win.from(), win.from() + w);
        return net.lossAndGradient(x, y, settings.warmup(), grad);
    }

    private double meanLoss(LstmNet net, List<Window> windows) {
        double[] scratch = new double[net.parameters().length];
        double sum = 0;
        for (Window win : windows) {
            sum += loss(net, win, scratch);
        }
        return sum / windows.size();
    }

    private static void scale(double[] g, double k) {
        for (int i = 0; i < g.length; i++) {
            g[i] *= k;
        }
    }

    /** One Adam update (β1 0.9, β2 0.999), the gradient clipped to {@code clipNorm} first. */
    private void adam(double[] p, double[] g, double[] m, double[] v, long t) {
        double norm = 0;
        for (double x : g) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        if (norm > settings.clipNorm()) {
            scale(g, settings.clipNorm() / norm);
        }
        double b1 = 0.9;
        double b2 = 0.999;
        double c1 = 1 - Math.pow(b1, t);
        double c2 = 1 - Math.pow(b2, t);
        for (int i = 0; i < p.length; i++) {
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
            p[i] -= settings.learningRate() * (m[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-8);
        }
    }
}
