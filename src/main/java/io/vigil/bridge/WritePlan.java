package io.vigil.bridge;

import java.util.List;
import java.util.Map;

/**
 * What one accepted request becomes: one or more Kafka records per partition, plus the series that
 * were refused and why (they are answered with a 400 after the rest is written).
 *
 * @param records record values, each a snappy-compressed WriteRequest bound for one partition
 * @param rejectedSeries refused series by reason label
 * @param firstRejection a readable example for the 400 body and the log, or null
 */
public record WritePlan(List<Batch> records, int seriesReceived, int samplesReceived, Map<String, Integer> rejectedSeries,
        String firstRejection, int notForwarded) {

    /** One Kafka record: every series in it hashes to {@code partition}. */
    public record Batch(int partition, byte[] value, int series, int samples) {}

    public int rejectedCount() {
        return rejectedSeries.values().stream().mapToInt(Integer::intValue).sum();
    }
}
