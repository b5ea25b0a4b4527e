package io.vigil.detect.entity;

import io.vigil.detect.calibrate.CalibrationState;
import io.vigil.detect.calibrate.TailCalibrator;
import io.vigil.model.CompactTypeInfo;
import io.vigil.model.WrittenBy;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * What an entity learns step by step (state {@code entity-learn-v1}). The moments are updated in
 * place and the record written back once per step, the operator's only per-step write.
 *
 * @param moments packed second moments of the series' deviations over normal steps
 *     ({@link RelationModel#packed}); grows as series join
 * @param weight normal steps in {@code moments}, halved at each refit like them
 * @param calibration the tail of the entity's D² ({@link RelationTail})
 * @param recent bit i set when the step i steps ago had D² beyond the budget
 * @param startMs the first step this entity was seen (the first fit waits a refit period from it)
 */
@TypeInfo(CompactTypeInfo.Factory.class)
@WrittenBy(EntityLearningSerializer.class)
public record EntityLearning(int version, double[] moments, double weight, CalibrationState calibration, int recent,
        long startMs) {
    public static final int VERSION = 1;

    static EntityLearning start(long stepMs) {
        return new EntityLearning(VERSION, new double[0], 0, TailCalibrator.empty(), 0, stepMs);
    }

    EntityLearning withMoments(double[] m, double w) {
        return new EntityLearning(version, m, w, calibration, recent, startMs);
    }

    EntityLearning withCalibration(CalibrationState c) {
        return new EntityLearning(version, moments, weight, c, recent, startMs);
    }

    EntityLearning withRecent(int r) {
        return new EntityLearning(version, moments, weight, calibration, r, startMs);
    }
}
