package io.vigil.features;

import io.vigil.config.FeatureConfig;
import io.vigil.model.GridPoint;

import java.util.ArrayList;
import java.util.List;

/**
 * Closes one grid step of one series: turns its samples into the step's value (the mean for
 * gauges, the per-second rate since the previous reading for counters), fills a short gap before
 * it at the series' own sampling interval ({@link SeriesCursor#intervalSteps}: a series sampled
 * every 5 minutes on a 1-minute grid gets a point every 5 minutes, not four interpolated ones in
 * between), and advances the cursor. Plain logic, driven by {@link ResampleSeries} and the
 * evaluation's engine.
 */
public final class StepEmitter {
    private final FeatureConfig config;

    public StepEmitter(FeatureConfig config) {
        this.config = config;
    }

    /** What closing a step produced. */
    public record Emission(List<GridPoint> points, SeriesCursor cursor) {}

    public Emission close(String series, SeriesCursor cursor, StepAccumulator step) {
        SeriesCursor c = cursor;
        double value;
        if (c.counter()) {
            if (c.counterTs() == SeriesCursor.NONE || step.lastTs() <= c.counterTs()) {
                // The first reading of a counter is only a baseline: a rate needs two.
                return new Emission(List.of(), c.counterRead(step.lastTs(), step.lastValue()));
            }
            value = CounterRates.rate(c.counterTs(), c.counterValue(), step.lastTs(), step.lastValue());
            c = c.counterRead(step.lastTs(), step.lastValue());
        } else {
            value = step.mean();
        }
        List<GridPoint> out = new ArrayList<>(1);
        long stepMs = config.stepMs();
        if (c.lastStep() != SeriesCursor.NONE && step.stepStart() > c.lastStep()) {
            c = c.withGap((int) Math.min(Integer.MAX_VALUE, (step.stepStart() - c.lastStep()) / stepMs));
        }
        // The series' own interval: a 5-minute series on a 1-minute grid is not interpolated onto
        // the grid, and its gaps are filled at its own cadence.
        long intervalMs = c.intervalSteps() * stepMs;
        if (c.lastStep() != SeriesCursor.NONE && step.stepStart() > c.lastStep() + intervalMs
                && fillable(c, step, intervalMs)) {
            int missing = (int) ((step.stepStart() - c.lastStep()) / intervalMs) - 1;
            double[] filled = GapFiller.fill(config.fill(), c.lastValue(), value, missing);
            for (int i = 0; i < filled.length; i++) {
                out.add(new GridPoint(series, c.metric(), c.labels(), c.lastStep() + (i + 1) * intervalMs,
                        filled[i], true, false, intervalMs));
            }
        }
        out.add(new GridPoint(series, c.metric(), c.labels(), step.stepStart(), value, false, false, intervalMs));
        return new Emission(out, c.emitted(step.stepStart(), value));
    }

    /** A gap is filled only when short, and never across a staleness marker (the series had ended). */
    private boolean fillable(SeriesCursor c, StepAccumulator step, long intervalMs) {
        long gapMs = step.stepStart() - c.lastStep() - intervalMs;
        boolean staleInside = c.staleAt() != SeriesCursor.NONE && c.staleAt() > c.lastStep()
                && c.staleAt() < step.stepStart();
        return gapMs <= config.maxGap().toMillis() && !staleInside;
    }
}
