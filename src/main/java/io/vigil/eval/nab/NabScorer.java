package io.vigil.eval.nab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The NAB v1.1 scorer, written from the formulas restated in {@code nab/NAB-README.md}: every row
 * after the probation has a value that depends only on where it lies (inside a window: earlier is
 * worth more; outside: the penalty shrinks right after a window); a window earns its earliest
 * detection's value or costs {@code fnWeight} when missed; every detected row outside windows
 * costs its penalty. Thresholds are chosen once per profile over the whole corpus.
 */
public final class NabScorer {
    /** The "detect nothing" candidate threshold: above every score in [0, 1]. */
    public static final double NOTHING = 1.1;
    /** Threshold of the fixed-threshold path (binary alert columns). */
    public static final double FIXED = 0.5;
    /** Past this many window lengths the after-window penalty is the full fpWeight. */
    static final double FULL_PENALTY_AFTER = 3.0;
    /** Steepness of NAB's scaled sigmoid. */
    static final double STEEPNESS = 5.0;
    /** Totals closer than this are ties (float sums in another order); ties keep the higher threshold. */
    static final double TIE = 1e-9;

    private NabScorer() {}

    /** NAB's scaled sigmoid: 2/(1+e^(5x)) − 1 up to x = 3, then −1. */
    public static double sigmoid(double x) {
        return x > FULL_PENALTY_AFTER ? -1.0 : 2.0 / (1.0 + Math.exp(STEEPNESS * x)) - 1.0;
    }

    /**
     * The weighted value of every row of {@code f} under {@code p}: positive inside windows, zero or
     * negative outside; NaN for probation rows, which are never scored.
     */
    public static double[] rowValues(NabFile f, NabProfile p) {
        double[] a = new double[f.rows()];
        Arrays.fill(a, 0, Math.min(f.probation(), a.length), Double.NaN);
        double top = sigmoid(-1.0);
        int next = 0;
        int[] previous = null;
        for (int i = f.probation(); i < f.rows(); i++) {
            while (next < f.windows().length && f.windows()[next][1] < i) {
                previous = f.windows()[next++];
            }
            int[] w = next < f.windows().length && f.windows()[next][0] <= i ? f.windows()[next] : null;
            if (w != null) {
                int width = w[1] - w[0] + 1;
                a[i] = p.tpWeight() * sigmoid(-(w[1] - i + 1) / (double) width) / top;
            } else if (previous == null || previous[1] == previous[0]) {
                // No window before this row (or one of width 1, whose formula would divide by zero).
                a[i] = -p.fpWeight();
            } else {
                a[i] = p.fpWeight() * sigmoid((i - previous[1]) / (double) (previous[1] - previous[0]));
            }
        }
        return a;
    }

    /** Scores the corpus at a fixed threshold (detection = score ≥ threshold). */
    public static NabResult scoreAt(List<NabFile> corpus, NabProfile p, double threshold) {
        return scoreAt(corpus, p, threshold, false);
    }

    /** Chooses the threshold that maximises the corpus score (ties: the highest) and scores at it. */
    public static NabResult optimize(List<NabFile> corpus, NabProfile p) {
        List<double[]> curve = curve(corpus, p);
        double bestT = NOTHING;
        double best = Double.NEGATIVE_INFINITY;
        for (double[] c : curve) {
            if (c[1] > best + TIE) {
                best = c[1];
                bestT = c[0];
            }
        }
        return scoreAt(corpus, p, bestT, true);
    }

    /**
     * The raw corpus score at every candidate threshold ({@link #NOTHING} and every distinct score of
     * a scorable row), highest threshold first, as {@code {threshold, raw}} pairs. One pass over the
     * rows sorted by score: lowering the threshold past a value adds that value's rows.
     */
    public static List<double[]> curve(List<NabFile> corpus, NabProfile p) {
        int windows = 0;
        for (NabFile f : corpus) {
            windows += f.windows().length;
        }
        double[] windowBest = new double[windows];
        Arrays.fill(windowBest, -p.fnWeight());
        List<double[]> rows = new ArrayList<>();
        int windowBase = 0;
        double total = 0;
        for (NabFile f : corpus) {
            double[] a = rowValues(f, p);
            for (int w = 0; w < f.windows().length; w++) {
                if (!f.scorable(w)) {
                    windowBest[windowBase + w] = 0;
                }
            }
            for (int i = f.probation(); i < f.rows(); i++) {
                if (!Double.isNaN(f.scores()[i])) {
                    int w = f.windowOf(i);
                    rows.add(new double[] {f.scores()[i], w < 0 ? -1 : windowBase + w, a[i]});
                }
            }
            windowBase += f.windows().length;
        }
        for (double b : windowBest) {
            total += b;
        }
        rows.sort((x, y) -> Double.compare(y[0], x[0]));
        List<double[]> curve = new ArrayList<>();
        int r = 0;
        double fp = 0;
        double threshold = NOTHING;
        while (true) {
            while (r < rows.size() && rows.get(r)[0] >= threshold) {
                double[] row = rows.get(r++);
                int w = (int) row[1];
                if (w < 0) {
                    fp += row[2];
                } else if (row[2] > windowBest[w]) {
                    total += row[2] - windowBest[w];
                    windowBest[w] = row[2];
                }
            }
            curve.add(new double[] {threshold, total + fp});
            if (r == rows.size()) {
                break;
            }
            threshold = rows.get(r)[0];
        }
        return curve;
    }

    private static NabResult scoreAt(List<NabFile> corpus, NabProfile p, double threshold, boolean optimized) {
        double raw = 0;
        long tp = 0;
        long fp = 0;
        long fn = 0;
        long tn = 0;
        int windows = 0;
        int detected = 0;
        int fpEvents = 0;
        double positions = 0;
        Map<String, Double> files = new LinkedHashMap<>();
        for (NabFile f : corpus) {
            double[] a = rowValues(f, p);
            double fileScore = 0;
            for (int w = 0; w < f.windows().length; w++) {
                if (!f.scorable(w)) {
                    continue;
                }
                windows++;
                int[] win = f.windows()[w];
                int first = -1;
                for (int i = Math.max(win[0], f.probation()); i <= win[1]; i++) {
                    if (f.scores()[i] >= threshold) {
                        tp++;
                        first = first < 0 ? i : first;
                    } else {
                        fn++;
                    }
                }
                if (first < 0) {
                    fileScore -= p.fnWeight();
                } else {
                    // A falls along the window, so the earliest detection is the best one.
                    fileScore += a[first];
                    detected++;
                    positions += win[1] == win[0] ? 0.0 : (first - win[0]) / (double) (win[1] - win[0]);
                }
            }
            boolean inRun = false;
            for (int i = f.probation(); i < f.rows(); i++) {
                if (f.windowOf(i) >= 0) {
                    inRun = false;
                    continue;
                }
                if (f.scores()[i] >= threshold) {
                    fp++;
                    fileScore += a[i];
                    fpEvents += inRun ? 0 : 1;
                    inRun = true;
                } else {
                    tn++;
                    inRun = false;
                }
            }
            files.put(f.name(), fileScore);
            raw += fileScore;
        }
        double perfect = p.tpWeight() * windows;
        double nullScore = -p.fnWeight() * windows;
        double normalized = perfect == nullScore ? Double.NaN : 100 * (raw - nullScore) / (perfect - nullScore);
        return new NabResult(p, threshold, optimized, normalized, raw, nullScore, perfect, tp, fp, fn, tn, windows,
                detected, fpEvents, detected == 0 ? Double.NaN : positions / detected, files);
    }
}
