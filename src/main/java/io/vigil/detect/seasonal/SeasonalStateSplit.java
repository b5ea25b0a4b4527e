package io.vigil.detect.seasonal;

import io.vigil.detect.StateSplit;
import io.vigil.model.FeatureVector;

/**
 * The seasonal state apart from its bucket history ({@link SeasonalHistory}, about 2.5 KB of the
 * 3.5): the history is touched only when a point closes the open bucket, which is when
 * {@link SeasonalDetector#learn} pushes the bucket and may refit.
 */
final class SeasonalStateSplit implements StateSplit<SeasonalState> {
    private final SeasonalConfig config;
    private final long bucketMs;

    SeasonalStateSplit(SeasonalConfig config) {
        this.config = config;
        this.bucketMs = config.bucket().toMillis();
    }

    @Override
    public String historyStateName() {
        return "detector-seasonal-history-v1";
    }

    @Override
    public Class<?> historyClass() {
        return SeasonalHistory.class;
    }

    @Override
    public boolean whole(SeasonalState s) {
        return s.bucketMeans() != null;
    }

    @Override
    public boolean touchesHistory(SeasonalState s, FeatureVector p) {
        return SeasonalDetector.closesBucket(s.currentCount(), s.currentBucketMs(),
                SeasonalDetector.bucketOf(p.timestampMs(), bucketMs));
    }

    @Override
    public SeasonalState perPoint(SeasonalState s) {
        return with(s, null, null);
    }

    @Override
    public Object history(SeasonalState s) {
        return new SeasonalHistory(SeasonalHistory.VERSION, s.bucketMeans(), s.bucketCounts());
    }

    @Override
    public SeasonalState join(SeasonalState perPoint, Object history) {
        if (history == null) {
            // A per-point part without its history (not written by Vigil): the history starts empty.
            SeasonalState empty = SeasonalDetector.empty(config);
            return with(perPoint, empty.bucketMeans(), empty.bucketCounts(), 0, 0, Long.MIN_VALUE);
        }
        SeasonalHistory h = (SeasonalHistory) history;
        return with(perPoint, h.bucketMeans(), h.bucketCounts());
    }

    private static SeasonalState with(SeasonalState s, float[] means, byte[] counts) {
        return with(s, means, counts, s.bucketHead(), s.bucketCount(), s.newestBucketMs());
    }

    private static SeasonalState with(SeasonalState s, float[] means, byte[] counts, int head, int count,
            long newestBucketMs) {
        return new SeasonalState(s.version(), means, counts, head, count, newestBucketMs,
                s.currentBucketMs(), s.currentSum(), s.currentCount(), s.currentMin(), s.currentMax(), s.residuals(),
                s.residualHead(), s.residualCount(), s.residualsSinceScale(), s.beta(), s.originMs(), s.spanMs(),
                s.yScale(), s.logScale(), s.changepoints(), s.dailyOrder(), s.weeklyOrder(), s.eventNames(), s.sigma(),
                s.center(), s.scale(), s.drift(), s.widen(), s.firstSeenMs(), s.lastFitMs(), s.lastResidualMs(),
                s.stepMs());
    }
}
