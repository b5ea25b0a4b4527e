package io.vigil.detect.control;

import io.vigil.model.CompactTypeInfo;
import io.vigil.model.WrittenBy;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One series' alert-gate memory (keyed state {@code gate-v2}).
 *
 * @param version state layout version (2, which added the refractory memory under a new state
 *     name: a job restored from a version-1 savepoint starts its gates empty, i.e. quiet)
 * @param recent bit i set = the i-th latest observed point qualified (persistence window)
 * @param active the series is in an anomaly (hysteresis: it stays until the close threshold)
 * @param quietUntilMs until when a new anomaly may not open unless stronger than {@code peak}
 *     (the refractory period after the last anomalous point)
 * @param peak the highest score of the series' last anomaly
 */
@TypeInfo(CompactTypeInfo.Factory.class)
@WrittenBy(GateStateSerializer.class)
public record GateState(int version, long recent, boolean active, long quietUntilMs, double peak) {
    public static final int VERSION = 2;
    public static final GateState EMPTY = new GateState(VERSION, 0, false, Long.MIN_VALUE, 0);
}
