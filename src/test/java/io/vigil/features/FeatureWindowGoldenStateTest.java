package io.vigil.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.config.FeatureConfig;
import io.vigil.config.FillMethod;
import io.vigil.model.FeatureVector;
import io.vigil.model.GridPoint;
import io.vigil.model.StateBytes;
import io.vigil.testing.GoldenFiles;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * State saved by version 1 of the feature window (golden/feature-window/v1.json) must restore into a
 * window that computes the recorded next features as it did when the file was written: rolling
 * means, stds, lags, EWMA and history exactly; the time-of-day and day-of-week features (Math.sin,
 * Math.cos, not from the state) up to {@link GoldenFiles#CLOSE}.
 *
 * <p>To write the file for a new version: {@code mvn test -Dtest=FeatureWindowGoldenStateTest
 * -Dvigil.golden.write=src/test/resources/golden/feature-window/vN.json}.
 */
class FeatureWindowGoldenStateTest {
    /** The settings the file was written with (the defaults then), pinned so a new default does not move it. */
    static final FeatureConfig CONFIG = new FeatureConfig(Duration.ofMinutes(1), FillMethod.LINEAR,
            Duration.ofMinutes(5), List.of(5, 15, 60), List.of(1, 6, 12), 0.3, Duration.ofHours(2),
            List.of("_total", "_count", "_sum", "_bucket"));
    static final long STEP = 60_000;
    static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00Z

    record Golden(FeatureWindowState state, List<GridPoint> points, List<FeatureVector> features,
            FeatureWindowState after) {}

    static GridPoint point(int i, double v, boolean filled) {
        return new GridPoint("s", "m", Map.of(), T0 + i * STEP, v, filled, false);
    }

    @Test
    void v1State_restoresAndComputesIdenticalFeatures() throws IOException {
        Golden golden = GoldenFiles.read("feature-window", 1, Golden.class, FeatureWindowGoldenStateTest::record);
        assertThat(golden.state().version()).isEqualTo(1);
        assertThat(golden.state().count()).as("the ring has wrapped").isGreaterThan(golden.state().ring().length);
        assertThat(golden.points()).hasSameSizeAs(golden.features());
        FeatureWindow w = FeatureWindow.fromState(CONFIG, golden.state());
        for (int i = 0; i < golden.points().size(); i++) {
            FeatureVector f = w.next(golden.points().get(i));
            assertThat(f).as("features of point %d", i).usingRecursiveComparison()
                    .withComparatorForFields(GoldenFiles.CLOSE, "hourSin", "hourCos", "dowSin", "dowCos")
                    .isEqualTo(golden.features().get(i));
        }
        assertThat(w.toState()).usingRecursiveComparison().isEqualTo(golden.after());
    }

    @Test
    void otherVersion_rejected() {
        assertThatThrownBy(() -> FeatureWindow.fromState(CONFIG, new FeatureWindowState(2, new double[60], 0, 0, 0)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("version 2");
    }

    /** 300 points of a noisy level with a shift, then 80 probes (a spike and filled points among them). */
    static Golden record() {
        FeatureWindow w = new FeatureWindow(CONFIG);
        Random r = new Random(13);
        int i = 0;
        for (; i < 300; i++) {
            w.next(point(i, (i < 200 ? 40 : 55) + 2 * r.nextGaussian(), false));
        }
        FeatureWindowState saved = StateBytes.roundTrip(FeatureWindowState.class, w.toState());
        List<GridPoint> points = new ArrayList<>();
        List<FeatureVector> features = new ArrayList<>();
        for (int k = 0; k < 80; k++, i++) {
            GridPoint p = point(i, 55 + 2 * r.nextGaussian() + (k == 30 ? 40 : 0), k % 25 == 7);
            points.add(p);
            features.add(w.next(p));
        }
        return new Golden(saved, points, features, w.toState());
    }
}
