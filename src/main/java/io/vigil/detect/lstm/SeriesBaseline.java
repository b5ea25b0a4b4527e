package io.vigil.detect.lstm;

/**
 * A series' own level and scale, which put every series of a family on one footing for the shared
 * network: exponentially weighted mean and mean absolute deviation with a time constant of
 * {@code 1 / alpha} steps, averaging all points equally until that many have been seen (so the
 * first points do not dominate). The same rule normalises training sequences and the stream.
 */
public final class SeriesBaseline {
    /** Inputs beyond this many scales are clipped: an outage's zeros must not drive the state far out. */
    static final double CLIP = 10;
    /** Points before the baseline is trusted. */
    static final long WARM = 30;

    private final double alpha;
    private double level;
    private double scale;
    private long count;

    public SeriesBaseline(double alpha, double level, double scale, long count) {
        this.alpha = alpha;
        this.level = level;
        this.scale = scale;
        this.count = count;
    }

    /** The weight of a new point for a series sampled every {@code stepMs} with time constant {@code baselineMs}. */
    public static double alpha(long stepMs, long baselineMs) {
        return Math.min(1.0, Math.max(1e-6, stepMs / (double) baselineMs));
    }

    /** {@code v} in units of the scale from the level (the network's input is this, clipped). */
    public double z(double v) {
        return (v - level) / effectiveScale();
    }

    /** The scale, kept above a millionth of the level so a flat series does not divide by zero. */
    public double effectiveScale() {
        return Math.max(scale, Math.max(1e-6 * Math.abs(level), 1e-9));
    }

    public static double clipped(double z) {
        return Math.max(-CLIP, Math.min(CLIP, z));
    }

    public void learn(double v) {
        if (!Double.isFinite(v)) {
            return;
        }
        count++;
        double a = Math.max(alpha, 1.0 / count);
        if (count == 1) {
            level = v;
            scale = 0;
            return;
        }
        double dev = Math.abs(v - level);
        level += a * (v - level);
        scale += a * (dev - scale);
    }

    public boolean warm() {
        return count >= WARM;
    }

    public double level() {
        return level;
    }

    public double scale() {
        return scale;
    }

    public long count() {
        return count;
    }
}
