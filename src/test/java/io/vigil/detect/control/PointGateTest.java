package io.vigil.detect.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ControlSettings;
import io.vigil.config.ControlSettings.Direction;
import io.vigil.detect.CombinedScore;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Each control on a scripted score sequence whose right answer is plain. */
class PointGateTest {
    static final ControlSettings PLAIN = new ControlSettings(1, 1, 0.5, 0.5, 0, 0, Direction.BOTH);

    static CombinedScore score(double s, double expected, io.vigil.model.Direction d) {
        return new CombinedScore(s, expected, expected - 1, expected + 1, d, Map.of());
    }

    /** Runs scores through the gate; values are expected + 10 (up) unless given. */
    static List<Boolean> run(ControlSettings c, double... scores) {
        GateState g = GateState.EMPTY;
        List<Boolean> out = new ArrayList<>();
        for (double s : scores) {
            PointGate.Decision d = PointGate.decide(c, g, score(s, 100, io.vigil.model.Direction.UP), 110, false, false);
            out.add(d.anomalous());
            g = d.state();
        }
        return out;
    }

    @Test
    void plain_thresholdOnly() {
        assertThat(run(PLAIN, 0.2, 0.6, 0.4, 0.7)).containsExactly(false, true, false, true);
    }

    @Test
    void persistence_threeOfFive() {
        ControlSettings c = new ControlSettings(3, 5, 0.5, 0.5, 0, 0, Direction.BOTH);
        // A lone spike never pages; the third qualifying point within five does.
        assertThat(run(c, 0.9, 0.1, 0.1, 0.1, 0.1, 0.1)).containsOnly(false);
        assertThat(run(c, 0.9, 0.1, 0.8, 0.1, 0.7, 0.8)).containsExactly(false, false, false, false, true, true);
    }

    @Test
    void hysteresis_staysOpenUntilTheCloseThreshold() {
        ControlSettings c = new ControlSettings(1, 1, 0.6, 0.4, 0, 0, Direction.BOTH);
        assertThat(run(c, 0.55, 0.65, 0.5, 0.45, 0.35, 0.5)).containsExactly(false, true, true, true, false, false);
    }

    @Test
    void minimumDeviation_absoluteAndRelative() {
        ControlSettings abs = new ControlSettings(1, 1, 0.5, 0.5, 15, 0, Direction.BOTH);
        ControlSettings rel = new ControlSettings(1, 1, 0.5, 0.5, 0, 0.05, Direction.BOTH);
        CombinedScore high = score(0.9, 100, io.vigil.model.Direction.UP);
        assertThat(PointGate.decide(abs, GateState.EMPTY, high, 110, false, false).anomalous()).as("10 < 15").isFalse();
        assertThat(PointGate.decide(abs, GateState.EMPTY, high, 120, false, false).anomalous()).as("20 >= 15").isTrue();
        assertThat(PointGate.decide(rel, GateState.EMPTY, high, 104, false, false).anomalous()).as("4% < 5%").isFalse();
        assertThat(PointGate.decide(rel, GateState.EMPTY, high, 106, false, false).anomalous()).as("6% >= 5%").isTrue();
    }

    @Test
    void direction_spikesOnlyOrDipsOnly() {
        ControlSettings up = new ControlSettings(1, 1, 0.5, 0.5, 0, 0, Direction.UP);
        ControlSettings down = new ControlSettings(1, 1, 0.5, 0.5, 0, 0, Direction.DOWN);
        CombinedScore spike = score(0.9, 100, io.vigil.model.Direction.UP);
        CombinedScore dip = score(0.9, 100, io.vigil.model.Direction.DOWN);
        assertThat(PointGate.decide(up, GateState.EMPTY, spike, 150, false, false).anomalous()).isTrue();
        assertThat(PointGate.decide(up, GateState.EMPTY, dip, 50, false, false).anomalous()).isFalse();
        assertThat(PointGate.decide(down, GateState.EMPTY, dip, 50, false, false).anomalous()).isTrue();
        assertThat(PointGate.decide(down, GateState.EMPTY, spike, 150, false, false).anomalous()).isFalse();
    }

    @Test
    void mutedAndFilledPoints_neverAnomalous() {
        CombinedScore high = score(0.99, 100, io.vigil.model.Direction.UP);
        assertThat(PointGate.decide(PLAIN, GateState.EMPTY, high, 200, false, true).anomalous()).isFalse();
        PointGate.Decision filled = PointGate.decide(PLAIN, GateState.EMPTY, high, 200, true, false);
        assertThat(filled.anomalous()).isFalse();
        assertThat(filled.state()).as("filled points leave the persistence window alone").isEqualTo(GateState.EMPTY);
    }
}
