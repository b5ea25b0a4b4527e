package io.vigil.detect.robust;

import io.vigil.model.CompactTypeInfo;
import io.vigil.model.WrittenBy;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Savepoint form of {@link RobustDetector}.
 *
 * @param version state layout version (1)
 * @param ring the last values, {@code head} is where the next goes
 * @param count values seen in all (capped at Integer.MAX_VALUE)
 */
@TypeInfo(CompactTypeInfo.Factory.class)
@WrittenBy(RobustStateSerializer.class)
public record RobustState(int version, double[] ring, int head, int count) {
    public static final int VERSION = 1;
}
