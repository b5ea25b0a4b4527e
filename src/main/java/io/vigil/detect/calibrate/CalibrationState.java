package io.vigil.detect.calibrate;

import io.vigil.model.CompactTypeInfo;
import io.vigil.model.WrittenBy;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One series' calibration of one detector (keyed state, descriptor {@code calibration-<detector>-v1}).
 *
 * @param seen points seen, exponentially forgotten
 * @param exceedances clusters of points beyond the tail threshold, forgotten at the same rate
 * @param excesses ring of the latest cluster peaks' excesses over the threshold
 * @param clusterMax the open cluster's largest deviation, NaN when none is open
 * @param quiet points since the open cluster's last exceedance
 * @param shape fitted generalised Pareto shape ξ (valid when {@code count} ≥ the minimum)
 * @param scale fitted generalised Pareto scale σ
 */
@TypeInfo(CompactTypeInfo.Factory.class)
@WrittenBy(CalibrationStateSerializer.class)
public record CalibrationState(
        int version, double seen, double exceedances, float[] excesses, int head, int count, double shape,
        double scale, double clusterMax, int quiet) {
    public static final int VERSION = 1;
}
