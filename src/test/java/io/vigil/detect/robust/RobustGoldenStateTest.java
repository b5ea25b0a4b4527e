package io.vigil.detect.robust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.detect.DetectorScore;
import io.vigil.detect.SeriesDetector;
import io.vigil.model.StateBytes;
import io.vigil.testing.GoldenFiles;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * State saved by version 1 of the robust detector (golden/robust/v1.json) must restore into a
 * detector that scores the recorded probe points exactly as it did when the file was written (its
 * arithmetic is + − × ÷, sorting and sqrt: exact on every platform).
 *
 * <p>To write the file for a new version: {@code mvn test -Dtest=RobustGoldenStateTest
 * -Dvigil.golden.write=src/test/resources/golden/robust/vN.json}.
 */
class RobustGoldenStateTest {
    /** The settings the file was written with (the defaults then), pinned so a new default does not move it. */
    static final RobustKind KIND = new RobustKind(new RobustConfig(true, 60, 30, 6.0, 0.02), 0.5);

    /** A value the restored detector scores then learns, with what version 1 answered. */
    record Probe(double v, DetectorScore score) {}

    record Golden(RobustState state, List<Probe> probes, RobustState after) {}

    @Test
    void v1State_restoresAndScoresIdentically() throws IOException {
        Golden golden = GoldenFiles.read("robust", 1, Golden.class, RobustGoldenStateTest::record);
        assertThat(golden.state().version()).isEqualTo(1);
        assertThat(golden.state().count()).as("the ring has wrapped").isGreaterThan(golden.state().ring().length);
        SeriesDetector<RobustState> d = KIND.restore(golden.state());
        for (Probe p : golden.probes()) {
            DetectorScore s = d.score(RobustDetectorTest.point(p.v()));
            d.learn(RobustDetectorTest.point(p.v()));
            assertThat(s).as("score of %s", p.v()).isEqualTo(p.score());
        }
        assertThat(d.toState()).usingRecursiveComparison().isEqualTo(golden.after());
        assertThat(golden.probes()).extracting(p -> p.score().score())
                .as("the probes include an anomaly and quiet points").anyMatch(s -> s > 0.9).anyMatch(s -> s < 0.1);
    }

    @Test
    void otherVersion_rejected() {
        assertThatThrownBy(() -> KIND.restore(new RobustState(2, new double[60], 0, 60)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("version 2");
    }

    /** 500 noisy points (a slow level drift), then 120 probes with spikes, a dip and a flat stretch. */
    static Golden record() {
        SeriesDetector<RobustState> d = KIND.create();
        Random r = new Random(31);
        for (int i = 0; i < 500; i++) {
            d.learn(RobustDetectorTest.point(100 + i * 0.02 + 4 * r.nextGaussian()));
        }
        RobustState saved = StateBytes.roundTrip(RobustState.class, d.toState());
        List<Probe> probes = new ArrayList<>();
        for (int k = 0; k < 120; k++) {
            double v = k >= 90 && k < 110 ? 110 : 110 + 4 * r.nextGaussian();
            v += k == 20 ? 100 : k == 50 ? -45 : k == 70 ? 25 : 0;
            DetectorScore s = d.score(RobustDetectorTest.point(v));
            d.learn(RobustDetectorTest.point(v));
            probes.add(new Probe(v, s));
        }
        return new Golden(saved, probes, d.toState());
    }
}
