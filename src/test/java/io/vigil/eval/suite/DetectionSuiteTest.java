package io.vigil.eval.suite;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.eval.ReplayResults;
import io.vigil.model.Timestamps;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The suite's data holds exactly the anomalies its labels name, and its score counts what it says. */
class DetectionSuiteTest {
    @TempDir
    Path dir;

    @Test
    void write_cleanAndDirtyDifferExactlyInsideTheLabelledAnomalies() throws Exception {
        var w = DetectionSuite.write(dir, Duration.ofMinutes(5), 6, 3, 5, 7);
        assertThat(w.anomalies()).hasSize(15).extracting(InjectedAnomaly::kind).containsOnly(AnomalyKind.values());
        assertThat(Files.readAllLines(dir.resolve(DetectionSuite.LABELS))).hasSize(16);
        List<String> dirty = Files.readAllLines(dir.resolve(DetectionSuite.METRICS));
        List<String> clean = Files.readAllLines(dir.resolve(DetectionSuite.CLEAN));
        assertThat(dirty).hasSameSizeAs(clean).hasSize(1 + 6 * 288 * 3);
        Map<InjectedAnomaly, Integer> changed = new HashMap<>();
        for (int i = 1; i < dirty.size(); i++) {
            String[] d = dirty.get(i).split(",");
            String[] c = clean.get(i).split(",");
            long t = Timestamps.parse(d[0]);
            InjectedAnomaly in = w.anomalies().stream()
                    .filter(a -> a.series().equals(d[3]) && t >= a.startMs() && t < a.endMs()).findFirst().orElse(null);
            if (in == null) {
                assertThat(d[2]).as("row %d outside every anomaly", i).isEqualTo(c[2]);
            } else if (!d[2].equals(c[2])) {
                changed.merge(in, 1, Integer::sum);
            }
        }
        for (InjectedAnomaly a : w.anomalies()) {
            long points = (a.endMs() - a.startMs()) / 300_000;
            // A ramp starts at zero and a burst scales the noise, so a point or two may coincide.
            assertThat(changed.getOrDefault(a, 0)).as("%s", a).isGreaterThanOrEqualTo((int) Math.max(1, points - 2));
            assertThat(a.startMs()).as("after the first day").isGreaterThanOrEqualTo(DetectionSuite.START_MS + 86_400_000L);
            if (a.kind() == AnomalyKind.SHIFT || a.kind() == AnomalyKind.DIP) {
                // every point is size σ off the shape, so the peak is the size plus at most a few σ of noise
                assertThat(a.peakSigma()).as("%s", a).isBetween(a.size() - 1, a.size() + 5);
            }
        }
    }

    @Test
    void idealZ_isTheGaussianQuantileOfTheBudget() {
        // 0.1 a day at 5 minutes: p = 0.1 / 288 = 3.47e-4 two-sided, |z| = 3.58
        assertThat(SuiteScore.idealZ(0.1, 300_000)).isCloseTo(3.58, org.assertj.core.api.Assertions.within(0.01));
        assertThat(SuiteScore.idealZ(0.1, 60_000)).isGreaterThan(SuiteScore.idealZ(0.1, 300_000));
    }

    @Test
    void score_countsAlarmsInsideWindowsAndRunsOutside() {
        long t0 = DetectionSuite.START_MS + 86_400_000L;
        var spike = new InjectedAnomaly("s00", AnomalyKind.SPIKE, t0, t0 + 300_000, 5, 3.2);
        var shift = new InjectedAnomaly("s00", AnomalyKind.SHIFT, t0 + 7_200_000, t0 + 14_400_000, 5, 6.1);
        long[] ts = new long[100];
        boolean[] dirty = new boolean[100];
        boolean[] clean = new boolean[100];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = t0 + i * 300_000L;
        }
        dirty[0] = true; // the spike
        dirty[80] = true; // outside both (and their grace): a false run
        dirty[81] = true; // the same run
        clean[10] = true;
        clean[12] = true; // two runs on the clean twin
        String id = SuiteScore.id("s00");
        SuiteScore s = SuiteScore.of(List.of(spike, shift), results(id, ts, dirty), results(id, ts, clean), 1_800_000,
                1, SuiteScore.idealZ(0.1, 300_000));
        assertThat(s.kinds().get(AnomalyKind.SPIKE).alarmed()).isEqualTo(1);
        assertThat(s.kinds().get(AnomalyKind.SHIFT).alarmed()).as("nothing flagged in its window").isZero();
        assertThat(s.recall()).isEqualTo(0.5);
        assertThat(s.kinds().get(AnomalyKind.SPIKE).ideal()).as("3.2σ is inside the budget's 3.57σ").isZero();
        assertThat(s.kinds().get(AnomalyKind.SHIFT).ideal()).isEqualTo(1);
        assertThat(s.idealRecall()).isEqualTo(0.5);
        assertThat(s.falseRunsOutside()).isEqualTo(1);
        assertThat(s.falseRunsClean()).isEqualTo(2);
        assertThat(s.falseRunsPerSeriesDay()).isEqualTo(2.0);
    }

    static ReplayResults results(String id, long[] ts, boolean[] alert) {
        double[] zeros = new double[ts.length];
        return new ReplayResults(List.of(), List.of(), 0, Map.of(id,
                new ReplayResults.SeriesScores(id, ts, zeros, zeros, zeros, zeros, zeros, alert)));
    }
}
