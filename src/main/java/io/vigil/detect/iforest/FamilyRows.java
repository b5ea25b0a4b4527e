package io.vigil.detect.iforest;

import io.vigil.detect.control.Controls;
import io.vigil.model.FeatureVector;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Picks the clean family vectors out of the feature stream (no gap-filled points, nothing inside a
 * mute or freeze window, only points with a full history), keyed for their family's fit.
 */
public final class FamilyRows implements FlatMapFunction<FeatureVector, FamilyRow> {
    private final String familyLabel;
    private final Controls controls;

    public FamilyRows(String familyLabel, Controls controls) {
        this.familyLabel = familyLabel;
        this.controls = controls;
    }

    @Override
    public void flatMap(FeatureVector p, Collector<FamilyRow> out) {
        if (p.end()) {
            return;
        }
        boolean[] window = controls.current().windowAt(p.metric(), p.labels(), p.timestampMs());
        double[] v = FamilyFitting.cleanVector(p, window[0], window[1]);
        if (v != null) {
            out.collect(new FamilyRow(TrainingData.familyKey(p.metric(), p.labels(), familyLabel), p.series(),
                    p.timestampMs(), v));
        }
    }
}
