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
    static final ControlSettings PLAIN = new ControlSettings(1, 1, 0.5, 0.5, 0, 0, Direction.BOTH, 0);

    static CombinedScore score(double s, double expected, io.vigil.model.Direction d) {
        return new CombinedScore(s, expected, expected - 1, expected + 1, d, Map.of());
    }

    /** Runs scores through the gate; values are expected + 10 (up) unless given. */
    static List<Boolean> run(ControlSettings c, double... scores) {
        GateState g = GateState.EMPTY;
        List<Boolean> out = new ArrayList<>();
        for (double s : scores) {
            PointGate.Decision d = PointGate.decide(c, g, score(s, 100, io.vigil.model.Direction.UP), 110, false, false, 0);
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
        ControlSettings c = new ControlSettings(3, 5, 0.5, 0.5, 0, 0, Direction.BOTH, 0);
        // A lone spike never pages; the third qualifying point within five does.
        assertThat(run(c, 0.9, 0.1, 0.1, 0.1, 0.1, 0.1)).containsOnly(false);
        assertThat(run(c, 0.9, 0.1, 0.8, 0.1, 0.7, 0.8)).containsExactly(false, false, false, false, true, true);
    }

    @Test
    void hysteresis_staysOpenUntilTheCloseThreshold() {
        ControlSettings c = new ControlSettings(1, 1, 0.6, 0.4, 0, 0, Direction.BOTH, 0);
        assertThat(run(c, 0.55, 0.65, 0.5, 0.45, 0.35, 0.5)).containsExactly(false, true, true, true, false, false);
    }

    @Test
    void minimumDeviation_absoluteAndRelative() {
        ControlSettings abs = new ControlSettings(1, 1, 0.5, 0.5, 15, 0, Direction.BOTH, 0);
        ControlSettings rel = new ControlSettings(1, 1, 0.5, 0.5, 0, 0.05, Direction.BOTH, 0);
        CombinedScore high = score(0.9, 100, io.vigil.model.Direction.UP);
        assertThat(PointGate.decide(abs, GateState.EMPTY, high, 110, false, false, 0).anomalous()).as("10 < 15").isFalse();
        assertThat(PointGate.decide(abs, GateState.EMPTY, high, 120, false, false, 0).anomalous()).as("20 >= 15").isTrue();
        assertThat(PointGate.decide(rel, GateState.EMPTY, high, 104, false, false, 0).anomalous()).as("4% < 5%").isFalse();
        assertThat(PointGate.decide(rel, GateState.EMPTY, high, 106, false, false, 0).anomalous()).as("6% >= 5%").isTrue();
    }

    @Test
    void direction_spikesOnlyOrDipsOnly() {
        ControlSettings up = new ControlSettings(1, 1, 0.5, 0.5, 0, 0, Direction.UP, 0);
        ControlSettings down = new ControlSettings(1, 1, 0.5, 0.5, 0, 0, Direction.DOWN, 0);
        CombinedScore spike = score(0.9, 100, io.vigil.model.Direction.UP);
        CombinedScore dip = score(0.9, 100, io.vigil.model.Direction.DOWN);
        assertThat(PointGate.decide(up, GateState.EMPTY, spike, 150, false, false, 0).anomalous()).isTrue();
        assertThat(PointGate.decide(up, GateState.EMPTY, dip, 50, false, false, 0).anomalous()).isFalse();
        assertThat(PointGate.decide(down, GateState.EMPTY, dip, 50, false, false, 0).anomalous()).isTrue();
        assertThat(PointGate.decide(down, GateState.EMPTY, spike, 150, false, false, 0).anomalous()).isFalse();
    }

    @Test
    void mutedAndFilledPoints_neverAnomalous() {
        CombinedScore high = score(0.99, 100, io.vigil.model.Direction.UP);
        assertThat(PointGate.decide(PLAIN, GateState.EMPTY, high, 200, false, true, 0).anomalous()).isFalse();
        PointGate.Decision filled = PointGate.decide(PLAIN, GateState.EMPTY, high, 200, true, false, 0);
        assertThat(filled.anomalous()).isFalse();
        assertThat(filled.state()).as("filled points leave the persistence window alone").isEqualTo(GateState.EMPTY);
    }

    @Test
    void refractory_oneAlarmPerOnsetUnlessStronger() {
        ControlSettings c = new ControlSettings(1, 1, 0.5, 0.5, 0, 0, Direction.BOTH, 30 * 60_000L);
        long step = 5 * 60_000L;
        double[] scores = {0.1, 0.7, 0.6, 0.1, 0.65, 0.1, 0.1, 0.9, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.6};
        GateState g = GateState.EMPTY;
        List<Boolean> anomalous = new ArrayList<>();
        List<Double> onset = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            PointGate.Decision d = PointGate.decide(c, g, score(scores[i], 100, io.vigil.model.Direction.UP), 110,
                    false, false, i * step);
            anomalous.add(d.anomalous());
            onset.add(d.onsetScore());
            g = d.state();
        }
        // 0.7 opens; 0.6 continues the run; 0.65 within 30 min of it and weaker than 0.7: held back;
        // 0.9 is stronger: a new anomaly; 0.6 forty minutes after 0.9: the period has passed.
        assertThat(anomalous).containsExactly(false, true, true, false, false, false, false, true, false, false,
                false, false, false, false, false, false, true);
        assertThat(onset.get(1)).isEqualTo(0.7);
        assertThat(onset.get(2)).as("inside the run").isZero();
        assertThat(onset.get(4)).as("held back").isZero();
        assertThat(onset.get(7)).isEqualTo(0.9);
        assertThat(onset.get(16)).isEqualTo(0.6);
        assertThat(onset.get(0)).as("quiet points keep their score").isEqualTo(0.1);
    }
}
