package io.vigil.detect.control;

/**
 * One series' alert-gate memory (keyed state {@code gate-v1}).
 *
 * @param recent bit i set = the i-th latest observed point qualified (persistence window)
 * @param active the series is in an anomaly (hysteresis: it stays until the close threshold)
 */
public record GateState(int version, long recent, boolean active) {
    public static final int VERSION = 1;
    public static final GateState EMPTY = new GateState(VERSION, 0, false);
}
