package io.vigil.eval.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

/** Hand-made cases for each rule of the NAB scorer. */
class NabScorerTest {
    private static final NabProfile STD = NabProfile.STANDARD;

    /** A file of {@code n} zero scores with one window; {@code hits} rows get score 1. */
    private static NabFile file(int n, int[][] windows, int... hits) {
        double[] s = new double[n];
        for (int h : hits) {
            s[h] = 1.0;
        }
        return new NabFile("cat/f.csv", s, windows);
    }

    @Test
    void sigmoid_knownPoints() {
        assertThat(NabScorer.sigmoid(-1)).isCloseTo(0.98661, within(1e-5));
        assertThat(NabScorer.sigmoid(0)).isZero();
        assertThat(NabScorer.sigmoid(1)).isCloseTo(-0.98661, within(1e-5));
        assertThat(NabScorer.sigmoid(3.01)).isEqualTo(-1.0);
    }

    @Test
    void probation_fifteenPercentCappedAt750() {
        assertThat(NabFile.probation(100)).isEqualTo(15);
        assertThat(NabFile.probation(4032)).isEqualTo(604);
        assertThat(NabFile.probation(10_000)).isEqualTo(750);
    }

    @Test
    void rowValues_windowStartIsWorthTpAndTheTailAlmostNothing() {
        NabFile f = file(600, new int[][] {{150, 350}}); // width 201, probation 90
        double[] a = NabScorer.rowValues(f, STD);
        assertThat(a[89]).isNaN();
        assertThat(a[150]).isCloseTo(1.0, within(1e-12));
        assertThat(a[200]).isCloseTo(0.967, within(1e-3));
        assertThat(a[250]).isCloseTo(0.862, within(1e-3));
        assertThat(a[300]).isCloseTo(0.569, within(1e-3));
        assertThat(a[350]).isCloseTo(0.013, within(1e-3));
        assertThat(a[100]).isEqualTo(-0.11); // before any window: full penalty
        assertThat(a[351]).isCloseTo(-0.11 * 0.0125, within(1e-4)); // just after: almost free
        assertThat(a[550]).isCloseTo(-0.11 * 0.98661, within(1e-4)); // one window length later
    }

    @Test
    void rowValues_afterWidthOneWindow_fullPenalty() {
        double[] a = NabScorer.rowValues(file(200, new int[][] {{100, 100}}), STD);
        assertThat(a[100]).isCloseTo(1.0, within(1e-12));
        assertThat(a[101]).isEqualTo(-0.11);
    }

    @Test
    void score_earliestDetectionCountsOnceAndEveryFalseRowCosts() {
        NabFile f = file(400, new int[][] {{200, 300}}, 200, 210, 220, 100, 101, 102);
        NabResult r = NabScorer.scoreAt(List.of(f), STD, 0.5);
        assertThat(r.tpRows()).isEqualTo(3);
        assertThat(r.fpRows()).isEqualTo(3);
        assertThat(r.fpEvents()).isEqualTo(1);
        assertThat(r.windowsDetected()).isEqualTo(1);
        assertThat(r.meanDetectionPosition()).isZero();
        assertThat(r.rawScore()).isCloseTo(1.0 - 3 * 0.11, within(1e-12));
        assertThat(r.normalizedScore()).isCloseTo(100 * (0.67 + 1) / 2, within(1e-9));
    }

    @Test
    void score_missedWindowCostsFnAndNanIsNeverDetected() {
        double[] s = new double[400];
        Arrays.fill(s, Double.NaN);
        NabResult r = NabScorer.scoreAt(List.of(new NabFile("cat/f.csv", s, new int[][] {{200, 300}})),
                NabProfile.REWARD_LOW_FN, 0.0);
        assertThat(r.rawScore()).isEqualTo(-2.0);
        assertThat(r.normalizedScore()).isZero();
    }

    @Test
    void optimize_tiesKeepTheHighestThreshold() {
        // A detection at 0.9 on the window's first row and one at 0.8 later in the same window:
        // lowering the threshold to 0.8 adds nothing, so the optimiser must keep 0.9.
        double[] s = new double[400];
        s[200] = 0.9;
        s[250] = 0.8;
        NabResult r = NabScorer.optimize(List.of(new NabFile("cat/f.csv", s, new int[][] {{200, 300}})), STD);
        assertThat(r.threshold()).isEqualTo(0.9);
        assertThat(r.rawScore()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void windows_boundaryMissingFromTheFile_namesFileAndTimestamp() {
        long[] ts = {0L, 300_000L, 600_000L};
        assertThatThrownBy(() -> NabWindows.toRows("cat/f.csv", ts,
                List.of(new NabWindows.Window(300_000L, 900_000L))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cat/f.csv").hasMessageContaining("1970-01-01 00:15:00");
    }

    @Test
    void windows_fractionalTimestampsMatchWholeSecondRows() {
        assertThat(NabWindows.parseMs("2014-02-19 10:50:00.000000", "t"))
                .isEqualTo(NabWindows.parseMs("2014-02-19 10:50:00", "t"));
    }
}
