package io.vigil.detect.change;

import io.vigil.model.CompactTypeInfo;
import io.vigil.model.WrittenBy;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Savepoint form of {@link ChangeDetector}.
 *
 * @param version state layout version (2: adds {@code changeSinceMs} and {@code relearning}; a version-1
 *     state restores through {@link #upgraded()})
 * @param source the primary detector whose residuals the statistics are over (-1: none yet)
 * @param up log-likelihood-ratio CUSUM for a rise of the mean
 * @param down the same for a fall
 * @param spread the same for a rise of the noise's spread
 * @param last the previous (clipped) residual, NaN before the first
 * @param lagProduct exponential average of z(t)·z(t−1) (numerator of the lag-1 autocorrelation)
 * @param square exponential average of z(t)² (its denominator)
 * @param variance exponential average of the incoming residual's square, its own long-run scale
 *     (before the first point, 0)
 * @param seen points the averages have taken (capped at the averages' memory)
 * @param changeSinceMs when the change now in progress began (Long.MIN_VALUE: none)
 * @param relearning true after a re-baseline, while the averages learn the new regime
 */
@TypeInfo(CompactTypeInfo.Factory.class)
@WrittenBy(ChangeStateSerializer.class)
public record ChangeState(int version, int source, double up, double down, double spread, double last,
        double lagProduct, double square, double variance, double seen, long changeSinceMs, boolean relearning) {
    public static final int VERSION = 2;
    public static final ChangeState EMPTY = new ChangeState(VERSION, -1, 0, 0, 0, Double.NaN, 0, 0, 0, 0,
            Long.MIN_VALUE, false);

    /**
     * A version-1 state in this layout: Flink's record evolution fills the new fields with 0 and
     * false, and a change "in progress since 1970" would re-baseline at once; version 1 knew of none.
     */
    public ChangeState upgraded() {
        if (version != 1) {
            return this;
        }
        return new ChangeState(VERSION, source, up, down, spread, last, lagProduct, square, variance, seen,
                Long.MIN_VALUE, false);
    }
}
