package io.vigil.eval;

import java.time.Duration;
import java.util.Arrays;

/**
 * The sampling step of a series from its first rows: the median of the positive time differences.
 * Only timestamps are looked at, and only at the start, as an operator would set the step in the
 * config for a series it knows; the median ignores the odd gap or repeated timestamp.
 */
public final class StepInference {
    /** Rows looked at; enough for a stable median, few enough to be "the start". */
    static final int ROWS = 200;

    private StepInference() {}

    /** The inferred step, or {@code fallback} when fewer than two distinct timestamps exist. */
    public static Duration infer(long[] timestampsMs, Duration fallback) {
        int n = Math.min(timestampsMs.length, ROWS);
        long[] deltas = new long[Math.max(0, n - 1)];
        int k = 0;
        for (int i = 1; i < n; i++) {
            long d = timestampsMs[i] - timestampsMs[i - 1];
            if (d > 0) {
                deltas[k++] = d;
            }
        }
        if (k == 0) {
            return fallback;
        }
        Arrays.sort(deltas, 0, k);
        return Duration.ofMillis(deltas[k / 2]);
    }
}
