package io.vigil.ingest;

import io.vigil.config.IngestConfig;
import io.vigil.model.Ingested;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time of one input split: the newest sample time minus {@code ingest.max-out-of-orderness};
 * dead letters have no say. In the Kafka source every partition gets its own generator from the
 * moment it is assigned, and the source's event time is the slowest active partition's: a
 * partition whose backlog the consumer reads after another's holds event time back instead of
 * having its samples called late. A partition silent for {@code ingest.idleness} stops holding it
 * back; the source counts only time it spent reading towards that, not time it was backpressured.
 */
public final class SampleWatermarks implements WatermarkGenerator<Ingested> {
    private final long outOfOrdernessMs;
    private long newest = Long.MIN_VALUE;

    SampleWatermarks(long outOfOrdernessMs) {
        this.outOfOrdernessMs = outOfOrdernessMs;
    }

    /** The strategy every sample input uses, in the Kafka source and after a file's decoder alike. */
    public static WatermarkStrategy<Ingested> strategy(IngestConfig config) {
        long ooo = config.maxOutOfOrderness().toMillis();
        return WatermarkStrategy.<Ingested>forGenerator(ctx -> new SampleWatermarks(ooo))
                .withTimestampAssigner((r, previous) -> r.sample() == null ? previous : r.sample().timestampMs())
                .withIdleness(config.idleness());
    }

    @Override
    public void onEvent(Ingested r, long eventTimestamp, WatermarkOutput output) {
        if (r.sample() != null && eventTimestamp > newest) {
            newest = eventTimestamp;
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (newest != Long.MIN_VALUE) {
            output.emitWatermark(new Watermark(newest - outOfOrdernessMs - 1));
        }
    }
}
