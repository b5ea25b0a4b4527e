package io.vigil.detect.control;

import io.vigil.config.ControlSettings;
import io.vigil.detect.CombinedScore;
import io.vigil.model.Direction;

/**
 * Decides whether a scored point is an anomaly, applying one series' controls in order: a muting
 * window, the direction, the minimum absolute and relative deviation from the expected value, the
 * score threshold (the open threshold, or the lower close threshold while the series is already
 * anomalous: hysteresis), and persistence (k of the last n points). Gap-filled points are never
 * anomalies and do not move the persistence window.
 */
public final class PointGate {
    private PointGate() {}

    /** The decision and the state to keep. */
    public record Decision(boolean anomalous, GateState state) {}

    public static Decision decide(ControlSettings c, GateState s, CombinedScore score, double value, boolean filled,
            boolean muted) {
        if (filled) {
            return new Decision(false, s);
        }
        boolean qualifies = !muted && directionAllowed(c.direction(), score.direction())
                && deviationLargeEnough(c, value, score.expected())
                && score.score() >= (s.active() ? c.closeThreshold() : c.openThreshold());
        long mask = c.window() == 64 ? -1L : (1L << c.window()) - 1;
        long recent = ((s.recent() << 1) | (qualifies ? 1 : 0)) & mask;
        boolean active = s.active() ? qualifies : Long.bitCount(recent) >= c.persistence() && qualifies;
        return new Decision(active, new GateState(GateState.VERSION, recent, active));
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
