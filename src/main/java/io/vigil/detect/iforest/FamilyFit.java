package io.vigil.detect.iforest;

/**
 * Where a family's in-stream sample stands (keyed state {@code iforest-fit-v1} of
 * {@link FitFamilies}; the rows themselves are in {@code iforest-sample-v1}, one map entry per ring
 * slot, so adding a row writes one row, not the whole sample).
 *
 * @param head the ring slot the next kept row goes to
 * @param size rows in the ring (at most the capacity)
 * @param firstMs event time of the first row offered
 * @param lastFitMs event time of the last fit, or Long.MIN_VALUE before the first
 * @param kept rows kept since the last fit
 * @param keepEvery keep one clean vector in this many (a power of two), so the ring spans about one
 *     refit period however many series the family has
 * @param version fits so far
 */
public record FamilyFit(int head, int size, long firstMs, long lastFitMs, int kept, int keepEvery, long version) {
    public static final FamilyFit EMPTY = new FamilyFit(0, 0, Long.MIN_VALUE, Long.MIN_VALUE, 0, 1, 0);
}
