package io.vigil.detect.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ControlSettings;
import io.vigil.detect.CombinedScore;
import io.vigil.model.Direction;
import io.vigil.model.StateBytes;
import io.vigil.testing.GoldenFiles;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * State saved by version 2 of the alert gate (golden/gate/v2.json) must restore into a gate that
 * decides the recorded points as it did when the file was written, leaving the recorded state and
 * onset score after each: persistence (2 of 3), hysteresis (open 0.6, close 0.4), the refractory
 * period (20 min, points 5 min apart), the minimum deviations, muting and gap-filled points all
 * exercised. (Version 1 lived under another state name, {@code gate-v1}, which a job no longer
 * reads: a series restored from it starts with a quiet gate.)
 *
 * <p>To write the file for a new version: {@code mvn test -Dtest=GateGoldenStateTest
 * -Dvigil.golden.write=src/test/resources/golden/gate/vN.json}.
 */
class GateGoldenStateTest {
    static final ControlSettings CONTROLS = new ControlSettings(2, 3, 0.6, 0.4, 1.0, 0.05,
            ControlSettings.Direction.BOTH, 20 * 60_000L);
    static final long STEP_MS = 5 * 60_000L;
    static final double EXPECTED = 100;

    /** One scored point through the gate, and what version 1 decided and kept. */
    record Probe(long tMs, double score, Direction direction, double value, boolean filled, boolean muted,
            boolean anomalous, double onsetScore, GateState state) {}

    record Golden(GateState state, List<Probe> probes) {}

    static PointGate.Decision decide(GateState s, long tMs, double score, Direction d, double value, boolean filled,
            boolean muted) {
        return PointGate.decide(CONTROLS, s, new CombinedScore(score, EXPECTED, EXPECTED - 5, EXPECTED + 5, d, Map.of()),
                value, filled, muted, tMs);
    }

    @Test
    void v2State_restoresAndDecidesIdentically() throws IOException {
        Golden golden = GoldenFiles.read("gate", 2, Golden.class, GateGoldenStateTest::record);
        assertThat(golden.state().version()).isEqualTo(2);
        assertThat(golden.state().active()).as("saved inside an anomaly").isTrue();
        GateState s = golden.state();
        for (int i = 0; i < golden.probes().size(); i++) {
            Probe p = golden.probes().get(i);
            PointGate.Decision d = decide(s, p.tMs(), p.score(), p.direction(), p.value(), p.filled(), p.muted());
            assertThat(d.anomalous()).as("decision %d", i).isEqualTo(p.anomalous());
            assertThat(d.onsetScore()).as("onset score %d", i).isEqualTo(p.onsetScore());
            assertThat(d.state()).as("state after %d", i).isEqualTo(p.state());
            s = d.state();
        }
        assertThat(golden.probes()).extracting(Probe::anomalous).contains(true, false);
        assertThat(golden.probes()).anyMatch(Probe::filled).anyMatch(Probe::muted);
        assertThat(golden.probes()).as("points held back by the refractory period")
                .anyMatch(p -> !p.anomalous() && p.onsetScore() == 0 && p.score() >= 0.6 && !p.filled() && !p.muted());
    }

    /** Scripted: quiet, then an anomaly the state is saved in; then 80 seeded points of every kind. */
    static Golden record() {
        GateState s = GateState.EMPTY;
        long t = 0;
        for (double score : new double[] {0.1, 0.2, 0.7, 0.1, 0.65, 0.8}) {
            s = decide(s, t, score, Direction.UP, EXPECTED + 20, false, false).state();
            t += STEP_MS;
        }
        GateState saved = StateBytes.roundTrip(GateState.class, s);
        Random r = new Random(29);
        List<Probe> probes = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            double score = i < 10 ? 0.45 + 0.3 * r.nextDouble() : r.nextDouble();
            Direction d = r.nextBoolean() ? Direction.UP : Direction.DOWN;
            // Deviations around the 5 % (and 1.0) minimums: some too small to count.
            double dev = r.nextInt(4) == 0 ? 3 * r.nextDouble() : 5 + 20 * r.nextDouble();
            double value = d == Direction.UP ? EXPECTED + dev : EXPECTED - dev;
            boolean filled = r.nextInt(12) == 0;
            boolean muted = r.nextInt(15) == 0;
            PointGate.Decision decision = decide(s, t, score, d, value, filled, muted);
            probes.add(new Probe(t, score, d, value, filled, muted, decision.anomalous(), decision.onsetScore(),
                    decision.state()));
            t += STEP_MS;
            s = decision.state();
        }
        return new Golden(saved, probes);
    }
}
