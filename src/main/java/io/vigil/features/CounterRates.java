package io.vigil.features;

/**
 * Per-second rate between two readings of a monotonic counter. A reading below the previous one is
 * a counter reset (process restart): the counter restarted from zero, so the increase is the new
 * reading itself, as Prometheus' {@code rate()} assumes.
 */
public final class CounterRates {
    private CounterRates() {}

    public static double rate(long prevTs, double prevValue, long ts, double value) {
        if (ts <= prevTs) {
            throw new IllegalArgumentException("counter readings out of order: " + prevTs + " then " + ts);
        }
        double increase = value >= prevValue ? value - prevValue : value;
        return increase / ((ts - prevTs) / 1000.0);
    }
}
