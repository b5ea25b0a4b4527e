package io.vigil.ingest;

import io.vigil.model.Timestamps;
import io.vigil.model.WallClock;

import java.util.HashMap;
import java.util.Map;

/**
 * Which sample timestamps are taken, in every format: one inside 1970-9999 ({@link
 * Timestamps#outOfRange}) and not further than {@code maxAheadMs} ahead of both the wall clock and
 * the newest sample taken from the same partition. Event time follows the newest samples, so one
 * sample from a host whose clock is years ahead would otherwise make every other series' samples
 * late. The partition's own newest sample lets a replay of history jump a gap, the wall clock lets a
 * live partition start; a sample ahead of both is refused, whatever came before it.
 *
 * <p>Per parser instance and partition (a file is partition -1); not checkpointed: after a restart
 * the first sample of each partition is checked against the wall clock alone.
 */
final class SampleTimes {
    private final long maxAheadMs;
    private final WallClock clock;
    private final Map<Integer, long[]> newest = new HashMap<>();

    SampleTimes(long maxAheadMs, WallClock clock) {
        this.maxAheadMs = maxAheadMs;
        this.clock = clock;
    }

    /** Why a sample at {@code epochMs} from {@code partition} is refused, or null after taking it. */
    String admit(int partition, long epochMs) {
        String range = Timestamps.outOfRange(epochMs);
        if (range != null) {
            return range;
        }
        long[] n = newest.computeIfAbsent(partition, p -> new long[] {Long.MIN_VALUE});
        if (epochMs - maxAheadMs > n[0]) {
            long now = clock.millis();
            if (epochMs - maxAheadMs > now) {
                return "timestamp " + Timestamps.format(epochMs) + " is more than ingest.max-ahead (" + maxAheadMs
                        + " ms) ahead of the clock (" + Timestamps.format(now) + ")"
                        + (n[0] == Long.MIN_VALUE ? "" : " and of its partition's newest sample ("
                                + Timestamps.format(n[0]) + ")");
            }
        }
        if (epochMs > n[0]) {
            n[0] = epochMs;
        }
        return null;
    }
}
