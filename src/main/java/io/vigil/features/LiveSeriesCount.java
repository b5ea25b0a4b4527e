package io.vigil.features;

/**
 * One tenant's live series on one subtask of the resample stage, in a checkpoint: the key groups
 * the subtask owned let a rescaled job give each new subtask its part ({@link SeriesCap}).
 */
public class LiveSeriesCount {
    public int firstKeyGroup;
    public int lastKeyGroup;
    public String tenant;
    public long live;

    public LiveSeriesCount() {}

    public LiveSeriesCount(int firstKeyGroup, int lastKeyGroup, String tenant, long live) {
        this.firstKeyGroup = firstKeyGroup;
        this.lastKeyGroup = lastKeyGroup;
        this.tenant = tenant;
        this.live = live;
    }

    /** This count's part in the key groups {@code first..last}, in proportion to the overlap. */
    public long partIn(int first, int last) {
        int overlap = Math.min(last, lastKeyGroup) - Math.max(first, firstKeyGroup) + 1;
        if (overlap <= 0) {
            return 0;
        }
        int width = lastKeyGroup - firstKeyGroup + 1;
        return overlap == width ? live : Math.round((double) live * overlap / width);
    }
}
