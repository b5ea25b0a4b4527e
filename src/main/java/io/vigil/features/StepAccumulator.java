package io.vigil.features;

/**
 * The samples of one series that fall into one grid step, before the step closes. State value of
 * {@link ResampleSeries} (map state keyed by step start).
 *
 * @param lastTs timestamp of the newest sample in the step
 * @param lastValue value of the newest sample (counters use it as the step's reading)
 */
public record StepAccumulator(long stepStart, double sum, int count, long lastTs, double lastValue) {

    public static StepAccumulator first(long stepStart, long ts, double value) {
        return new StepAccumulator(stepStart, value, 1, ts, value);
    }

    public StepAccumulator add(long ts, double value) {
        boolean newer = ts >= lastTs;
        return new StepAccumulator(stepStart, sum + value, count + 1, newer ? ts : lastTs, newer ? value : lastValue);
    }

    public double mean() {
        return sum / count;
    }
}
