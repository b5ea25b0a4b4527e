package io.vigil.ingest;

import io.vigil.model.MetricSample;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

import java.util.HashMap;
import java.util.Map;

/**
 * Event time per input split: a parser subtask that reads several Kafka partitions keeps the newest
 * sample time of each ({@link MetricSample#origin()}) and lets event time advance only as far as the
 * slowest active one allows (minus the allowed out-of-orderness). One generator per subtask over the
 * newest sample of all its partitions would call a slower partition's samples late whenever the
 * consumer reads the partitions unevenly (a backlog after a restart), and drop them. A partition
 * silent for {@code idleness} (wall time) stops holding event time back; when all are, the subtask
 * is marked idle. Per-series order holds within a partition (the bridge keeps a series on one).
 *
 * <p>Which partitions a subtask reads is known only to the source, so a partition not heard from yet
 * cannot hold event time back. Hence a start-up grace: no watermark until {@code startGraceMs} after
 * the first sample (the idleness, in the job), by when every partition with data has shown up, as a
 * silent one would have been given up on by then anyway. A consumer often hands over one
 * partition's whole backlog before the next one's. The grace protects a backlog only, and a backlog
 * is the job's own downtime, shared by every partition: while each partition's first sample is
 * live (within the out-of-orderness of the wall clock when it arrived), a partition that shows up
 * later starts live too, and event time starts at once; one partition starting behind that keeps
 * the whole grace.
 */
public final class SplitWatermarks implements WatermarkGenerator<MetricSample> {
    private final long outOfOrdernessMs;
    private final long idleNanos;
    private final long graceNanos;
    private long firstEventNanos = -1;
    private boolean backlog;
    private final Map<Integer, long[]> splits = new HashMap<>(); // origin -> {newest event ms, last seen nanos}
    private long emitted = Long.MIN_VALUE;
    private boolean idle;

    public SplitWatermarks(long outOfOrdernessMs, long idlenessMs, long startGraceMs) {
        this.outOfOrdernessMs = outOfOrdernessMs;
        this.idleNanos = idlenessMs * 1_000_000L;
        this.graceNanos = startGraceMs * 1_000_000L;
    }

    @Override
    public void onEvent(MetricSample s, long eventTimestamp, WatermarkOutput output) {
        long[] clock = splits.get(s.origin());
        if (clock == null) {
            clock = new long[] {Long.MIN_VALUE, 0};
            splits.put(s.origin(), clock);
            backlog |= eventTimestamp < System.currentTimeMillis() - outOfOrdernessMs;
        }
        clock[0] = Math.max(clock[0], eventTimestamp);
        clock[1] = System.nanoTime();
        if (firstEventNanos < 0) {
            firstEventNanos = clock[1];
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long now = System.nanoTime();
        if (firstEventNanos < 0 || backlog && now - firstEventNanos < graceNanos) {
            return;
        }
        long slowest = Long.MAX_VALUE;
        boolean active = false;
        for (long[] clock : splits.values()) {
            if (now - clock[1] <= idleNanos) {
                active = true;
                slowest = Math.min(slowest, clock[0]);
            }
        }
        if (!active) {
            if (!idle && !splits.isEmpty()) {
                output.markIdle();
                idle = true;
            }
            return;
        }
        long wm = slowest - outOfOrdernessMs - 1;
        if (wm > emitted || idle) {
            emitted = Math.max(emitted, wm);
            idle = false;
            output.emitWatermark(new Watermark(emitted));
        }
    }
}
