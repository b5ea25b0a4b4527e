package io.vigil.eval;

import java.time.Duration;

/**
 * What the detector chain made of one series, one entry per input row, in row order.
 *
 * @param scores each row's onset score: its score as evidence of a new anomaly (0 inside one), so a
 *     threshold swept over them counts each anomaly once, at its start, as the alerts do
 * @param pointScores each row's own score, in a run or not (what {@code --scores point} scores)
 * @param expected the detectors' expected value per row (NaN where none)
 * @param alert true where a firing alert was sent at that row
 */
public record SeriesEvaluation(
        String name,
        Duration step,
        String[] timestamps,
        long[] timestampsMs,
        double[] values,
        double[] scores,
        double[] pointScores,
        double[] expected,
        double[] lower,
        double[] upper,
        boolean[] alert) {

    public int rows() {
        return values.length;
    }

    /** The same rows with each row's own score as its score (an ablation of the onset score). */
    public SeriesEvaluation withPointScores() {
        return new SeriesEvaluation(name, step, timestamps, timestampsMs, values, pointScores, pointScores, expected,
                lower, upper, alert);
    }

    /** Runs {@link SeriesChain} over {@code s}; {@code chain} must be fresh. */
    public static SeriesEvaluation run(NabSeries s, Duration step, SeriesChain chain) {
        int n = s.rows();
        double[] scores = new double[n];
        double[] points = new double[n];
        double[] expected = new double[n];
        double[] lower = new double[n];
        double[] upper = new double[n];
        boolean[] alert = new boolean[n];
        for (int i = 0; i < n; i++) {
            SeriesChain.RowScore r = chain.next(s.timestampsMs()[i], s.values()[i]);
            scores[i] = r.onsetScore();
            points[i] = r.combined().score();
            expected[i] = r.combined().expected();
            lower[i] = r.combined().lower();
            upper[i] = r.combined().upper();
            alert[i] = r.alert();
        }
        return new SeriesEvaluation(s.name(), step, s.timestamps(), s.timestampsMs(), s.values(), scores, points, expected,
                lower, upper, alert);
    }
}
