package io.vigil.features;

import io.vigil.model.CompactTypeInfo;
import io.vigil.model.WrittenBy;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Savepoint form of {@link FeatureWindow}: the last values of one series in a ring buffer.
 *
 * @param version state layout version (1)
 * @param ring the last {@code ring.length} values; {@code head} is where the next one goes
 * @param count how many values the series has had in all
 * @param ewma the EWMA after the newest value (NaN before the first)
 */
@TypeInfo(CompactTypeInfo.Factory.class)
@WrittenBy(FeatureWindowStateSerializer.class)
public record FeatureWindowState(int version, double[] ring, int head, long count, double ewma) {
    public static final int VERSION = 1;
}
