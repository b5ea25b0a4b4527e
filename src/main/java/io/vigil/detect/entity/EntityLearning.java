package io.vigil.detect.entity;

/**
 * What an entity learns step by step (state {@code entity-learn-v1}). The arrays are updated in
 * place and the record written back once per step, the operator's only per-step write.
 *
 * @param moments packed second moments of the series' deviations over normal steps
 *     ({@link RelationModel#packed}); grows as series join
 * @param weight normal steps in {@code moments}, halved at each refit like them
 * @param tail ring of the latest normal steps' D²
 * @param tailStart the ring's 95th percentile; {@code tailScale} the mean excess over it
 * @param recent bit i set when the step i steps ago had D² beyond the budget
 * @param startMs the first step this entity was seen (the first fit waits a refit period from it)
 */
public record EntityLearning(int version, double[] moments, double weight, double[] tail, int tailCount,
        int tailNext, double tailStart, double tailScale, int recent, long startMs) {
    public static final int VERSION = 1;

    static EntityLearning start(long stepMs) {
        return new EntityLearning(VERSION, new double[0], 0, new double[RelationTail.SIZE], 0, 0, 0, 0, 0, stepMs);
    }

    EntityLearning withMoments(double[] m, double w) {
        return new EntityLearning(version, m, w, tail, tailCount, tailNext, tailStart, tailScale, recent, startMs);
    }

    EntityLearning withTail(int count, int next, double start, double scale) {
        return new EntityLearning(version, moments, weight, tail, count, next, start, scale, recent, startMs);
    }

    EntityLearning withRecent(int r) {
        return new EntityLearning(version, moments, weight, tail, tailCount, tailNext, tailStart, tailScale, r, startMs);
    }
}
