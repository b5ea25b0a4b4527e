package io.vigil.detect.seasonal;

import io.vigil.model.CompactTypeInfo;
import io.vigil.model.WrittenBy;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * What one series' seasonal detector keeps between points (keyed state; never the model object):
 * the fitted coefficients, the coarse history that refits need, and the recent residuals that set
 * the band. About 3.5 KB with the defaults (21 days of hourly buckets).
 *
 * @param bucketMeans ring of bucket means (NaN = no data), oldest at {@code bucketHead - bucketCount}
 * @param bucketCounts points per bucket, saturating at 255 (unsigned)
 * @param newestBucketMs start of the newest bucket in the ring, or {@link Long#MIN_VALUE}
 * @param currentMin smallest value in the bucket being filled (+∞ when empty or not known: a state
 *     of version 1, whose open bucket then closes untrimmed)
 * @param currentMax largest value in it (−∞ likewise)
 * @param residuals ring of recent residuals (scaled units) for the band's centre and scale
 * @param beta the model's coefficients; empty before the first fit
 * @param changepoints number of changepoints in the model (their positions follow from it)
 * @param eventNames calendar events with a coefficient, in column order
 * @param center median residual (scaled units)
 * @param scale robust residual σ (scaled units)
 * @param drift exponentially weighted mean of standardised residuals; far from 0 = refit
 * @param widen the band's calibration factor (1 = as the residual scale says)
 * @param lastResidualMs time of the newest residual
 * @param stepMs smallest spacing seen between the band's residuals (the series' interval, or the
 *     detector's residual spacing where the interval is finer): dates the older ones
 */
@TypeInfo(CompactTypeInfo.Factory.class)
@WrittenBy(SeasonalStateSerializer.class)
public record SeasonalState(
        int version,
        float[] bucketMeans,
        byte[] bucketCounts,
        int bucketHead,
        int bucketCount,
        long newestBucketMs,
        long currentBucketMs,
        double currentSum,
        int currentCount,
        double currentMin,
        double currentMax,
        float[] residuals,
        int residualHead,
        int residualCount,
        int residualsSinceScale,
        double[] beta,
        long originMs,
        long spanMs,
        double yScale,
        boolean logScale,
        int changepoints,
        int dailyOrder,
        int weeklyOrder,
        String[] eventNames,
        double sigma,
        double center,
        double scale,
        double drift,
        double widen,
        long firstSeenMs,
        long lastFitMs,
        long lastResidualMs,
        long stepMs) {
    public static final int VERSION = 2;

    /**
     * A version-1 state (before the open bucket's extremes were kept) as version 2. Flink restores
     * the old layout with the new fields at 0; the open bucket's extremes are not known, so it
     * closes untrimmed.
     */
    public SeasonalState upgraded() {
        if (version != 1) {
            return this;
        }
        return new SeasonalState(VERSION, bucketMeans, bucketCounts, bucketHead, bucketCount, newestBucketMs,
                currentBucketMs, currentSum, currentCount, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                residuals, residualHead, residualCount, residualsSinceScale, beta, originMs, spanMs, yScale, logScale,
                changepoints, dailyOrder, weeklyOrder, eventNames, sigma, center, scale, drift, widen, firstSeenMs,
                lastFitMs, lastResidualMs, stepMs);
    }
}
