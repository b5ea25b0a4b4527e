package io.vigil.detect.control;

import io.vigil.config.ControlSettings;
import io.vigil.detect.CombinedScore;
import io.vigil.model.Direction;

/**
 * Decides whether a scored point is an anomaly, applying one series' controls in order: a muting
 * window, the direction, the minimum absolute and relative deviation from the expected value, the
 * score threshold (the open threshold, or the lower close threshold while the series is already
 * anomalous: hysteresis), persistence (k of the last n points) and the refractory period (after an
 * anomaly, a new one opens only once the period has passed or when it is stronger than the last).
 * Gap-filled points are never anomalies and do not move the persistence window.
 *
 * <p>The gate also gives each point's onset score: its score as evidence of a new anomaly, which is
 * 0 while the series is inside one (after its first point) and, in the refractory period, for
 * points no stronger than the last anomaly's peak. A threshold swept over onset scores counts each
 * anomaly once, at its start, as the alerts do.
 */
public final class PointGate {
    private PointGate() {}

    /** The decision, the point's onset score and the state to keep. */
    public record Decision(boolean anomalous, double onsetScore, GateState state) {}

    public static Decision decide(ControlSettings c, GateState s, CombinedScore score, double value, boolean filled,
            boolean muted, long tMs) {
        boolean refractory = tMs < s.quietUntilMs() && score.score() <= s.peak();
        double onset = s.active() || refractory ? 0 : score.score();
        if (filled) {
            return new Decision(false, 0, s);
        }
        boolean qualifies = !muted && directionAllowed(c.direction(), score.direction())
                && deviationLargeEnough(c, value, score.expected())
                && score.score() >= (s.active() ? c.closeThreshold() : c.openThreshold());
        long mask = c.window() == 64 ? -1L : (1L << c.window()) - 1;
        long recent = ((s.recent() << 1) | (qualifies ? 1 : 0)) & mask;
        boolean active = s.active() ? qualifies : Long.bitCount(recent) >= c.persistence() && qualifies && !refractory;
        if (!active) {
            return new Decision(false, onset, new GateState(GateState.VERSION, recent, false, s.quietUntilMs(), s.peak()));
        }
        double peak = s.active() ? Math.max(s.peak(), score.score()) : score.score();
        return new Decision(true, onset, new GateState(GateState.VERSION, recent, true, tMs + c.refractoryMs(), peak));
    }

    static boolean directionAllowed(ControlSettings.Direction allowed, Direction d) {
        return switch (allowed) {
            case BOTH -> true;
            case UP -> d == Direction.UP;
            case DOWN -> d == Direction.DOWN;
        };
    }

    static boolean deviationLargeEnough(ControlSettings c, double value, double expected) {
        if (Double.isNaN(expected) || (c.minDeviation() == 0 && c.minRelativeDeviation() == 0)) {
            return true;
        }
        double dev = Math.abs(value - expected);
        return dev >= c.minDeviation() && dev >= c.minRelativeDeviation() * Math.abs(expected);
    }
}
