package io.vigil.detect.seasonal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.detect.DetectorScore;
import io.vigil.detect.SeriesDetector;
import io.vigil.model.Direction;
import io.vigil.testing.GoldenFiles;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * State saved by each version of the seasonal detector (golden/seasonal/vN.json) must restore into a
 * detector that scores the recorded probe points as it did when the file was written. A layout
 * change that breaks this needs a new state version and a migration, not a new golden file.
 * Both versions score as recorded until the next refit: after it the model is this Vigil's fit (version 1
 * did not keep the open bucket's extremes, and its history now holds trimmed means; the fitter itself
 * may change what it models), so from there the test asks only that the restored detector stays warm
 * and finds the spike.
 *
 * <p>To write the file for a new version: {@code mvn test -Dtest=SeasonalGoldenStateTest
 * -Dvigil.golden.write=src/test/resources/golden/seasonal/vN.json}.
 */
class SeasonalGoldenStateTest {
    /** A point the restored detector scores, with what the version answered. */
    record Probe(long t, double v, double score, double expected, double lower, double upper, Direction direction) {}

    record Golden(SeasonalState state, List<Probe> probes) {}

    @Test
    void v2State_restoresAndScoresIdentically() throws IOException {
        Golden golden = GoldenFiles.read("seasonal", 2, Golden.class, SeasonalGoldenStateTest::record);
        assertThat(golden.state().version()).isEqualTo(2);
        assertThat(golden.state().currentMin()).as("saved with a bucket open").isLessThanOrEqualTo(golden.state().currentMax());
        assertScores(golden, nextRefit(golden));
    }

    @Test
    void v1State_restoresAndScoresIdenticallyUntilItsNextRefit() throws IOException {
        Golden golden = GoldenFiles.read("seasonal", 1, Golden.class, SeasonalGoldenStateTest::record);
        assertThat(golden.state().version()).isEqualTo(1);
        long nextRefit = nextRefit(golden);
        assertThat(golden.probes().stream().filter(p -> p.t() < nextRefit).count()).as("probes before the refit")
                .isGreaterThan(50);
        assertScores(golden, nextRefit);
    }

    /**
     * The first refit after the saved state: from there the restored detector fits with this
     * version's fitter (which may model more, as the weekend step beside the weekly harmonics), so
     * only the scores before it are the recorded ones.
     */
    private static long nextRefit(Golden golden) {
        return golden.state().lastFitMs() + SeasonalModule.settings(SeasonalDetectorTest.CONFIG).refitEvery().toMillis();
    }

    /** Scores the probes on the restored state: as recorded before {@code exactUntil}, warm and finding the spike throughout. */
    private static void assertScores(Golden golden, long exactUntil) {
        assertThat(golden.state().beta()).as("the golden state holds a fitted model").isNotEmpty();
        SeriesDetector<SeasonalState> d = SeasonalDetectorTest.KIND.restore(golden.state());
        double maxScore = 0;
        for (Probe p : golden.probes()) {
            DetectorScore s = d.score(SeasonalDetectorTest.point(p.t(), p.v()));
            d.learn(SeasonalDetectorTest.point(p.t(), p.v()));
            assertThat(s.warm()).isTrue();
            maxScore = Math.max(maxScore, s.score());
            if (p.t() >= exactUntil) {
                continue;
            }
            assertThat(s.score()).as("score at %d", p.t()).isCloseTo(p.score(), within(1e-9));
            assertThat(s.expected()).isCloseTo(p.expected(), within(1e-9 * Math.abs(p.expected())));
            assertThat(s.lower()).isCloseTo(p.lower(), within(1e-9 * Math.abs(p.lower())));
            assertThat(s.upper()).isCloseTo(p.upper(), within(1e-9 * Math.abs(p.upper())));
            assertThat(s.direction()).isEqualTo(p.direction());
        }
        assertThat(golden.probes().stream().mapToDouble(Probe::score).max().orElse(0))
                .as("the probes include an anomaly").isGreaterThan(0.9);
        assertThat(maxScore).as("the restored detector finds it").isGreaterThan(0.9);
    }

    /** 16 days of the test series, then a day of probes (a spike among them) crossing a refit. */
    static Golden record() {
        SeriesDetector<SeasonalState> d = SeasonalDetectorTest.KIND.create();
        Random r = new Random(23);
        long step = SeasonalDetectorTest.STEP;
        int i = 0;
        for (; i < 16 * SeasonalDetectorTest.PER_DAY + 7; i++) {
            long t = SeasonalDetectorTest.T0 + i * step;
            d.learn(SeasonalDetectorTest.point(t, SeasonalDetectorTest.clean(t, r)));
        }
        SeasonalState state = d.toState();
        SeasonalState saved = io.vigil.model.StateBytes.roundTrip(SeasonalState.class, state);
        List<Probe> probes = new ArrayList<>();
        for (int k = 0; k < SeasonalDetectorTest.PER_DAY; k++, i++) {
            long t = SeasonalDetectorTest.T0 + i * step;
            double v = SeasonalDetectorTest.clean(t, r) + (k == 100 ? 80 : 0);
            DetectorScore s = d.score(SeasonalDetectorTest.point(t, v));
            d.learn(SeasonalDetectorTest.point(t, v));
            probes.add(new Probe(t, v, s.score(), s.expected(), s.lower(), s.upper(), s.direction()));
        }
        return new Golden(saved, probes);
    }
}
