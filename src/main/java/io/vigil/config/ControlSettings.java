package io.vigil.config;

import java.io.Serializable;

/**
 * How one series' scores become anomalies: the controls operators tune to cut alert fatigue.
 *
 * @param persistence anomalous only when at least this many of the last {@code window} points qualify
 * @param window the persistence window in points (1..64)
 * @param openThreshold score at which a quiet series qualifies
 * @param closeThreshold score below which an anomalous series is quiet again (hysteresis; ≤ open)
 * @param minDeviation smallest |value − expected| that counts, in the series' units
 * @param minRelativeDeviation smallest |value − expected| / |expected| that counts
 * @param direction which deviations count
 * @param refractoryMs after an anomaly ends, how long a new one on the series may not open unless it
 *     is stronger than the last (one alarm per onset: a long or flapping anomaly is one)
 */
public record ControlSettings(int persistence, int window, double openThreshold, double closeThreshold,
        double minDeviation, double minRelativeDeviation, Direction direction, long refractoryMs)
        implements Serializable {

    /** Which side of the expected value may be anomalous. */
    public enum Direction {
        BOTH, UP, DOWN;

        public static Direction parse(String s) {
            return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "both" -> BOTH;
                case "up", "spikes" -> UP;
                case "down", "dips" -> DOWN;
                default -> throw new IllegalArgumentException("direction must be both, up or down, not " + s);
            };
        }
    }

    public ControlSettings {
        if (window < 1 || window > 64 || persistence < 1 || persistence > window) {
            throw new IllegalArgumentException("persistence must be k/n with 1 <= k <= n <= 64, got "
                    + persistence + "/" + window);
        }
        if (!(openThreshold > 0 && openThreshold < 1) || !(closeThreshold > 0 && closeThreshold <= openThreshold)) {
            throw new IllegalArgumentException("thresholds must satisfy 0 < close <= open < 1, got open "
                    + openThreshold + ", close " + closeThreshold);
        }
        if (!(minDeviation >= 0) || !(minRelativeDeviation >= 0)) {
            throw new IllegalArgumentException("minimum deviations must be >= 0");
        }
        if (refractoryMs < 0) {
            throw new IllegalArgumentException("refractory period must be >= 0, got " + refractoryMs + " ms");
        }
    }

    /** Parses {@code k/n} (or a bare {@code k}, meaning k of k). */
    public static int[] parsePersistence(String s) {
        String[] parts = s.trim().split("/");
        try {
            int k = Integer.parseInt(parts[0].trim());
            int n = parts.length > 1 ? Integer.parseInt(parts[1].trim()) : k;
            if (parts.length > 2) {
                throw new NumberFormatException();
            }
            return new int[] {k, n};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("persistence must look like 3/5 (3 of the last 5 points), not " + s);
        }
    }
}
