package io.vigil.detect.lstm;

import io.vigil.detect.SharedLearner;
import io.vigil.detect.control.Controls;
import io.vigil.detect.iforest.TrainingData;
import io.vigil.model.FeatureVector;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** Picks the clean points out of the feature stream ({@link SharedLearner#teaches}), keyed for their family's fit. */
public final class LstmRows implements FlatMapFunction<FeatureVector, LstmRow> {
    private final String familyLabel;
    private final Controls controls;

    public LstmRows(String familyLabel, Controls controls) {
        this.familyLabel = familyLabel;
        this.controls = controls;
    }

    @Override
    public void flatMap(FeatureVector p, Collector<LstmRow> out) {
        if (p.end()) {
            return;
        }
        boolean[] window = controls.current().windowAt(p.metric(), p.labels(), p.timestampMs());
        if (SharedLearner.teaches(p, window[0], window[1])) {
            out.collect(new LstmRow(TrainingData.familyKey(p.metric(), p.labels(), familyLabel), p.series(),
                    p.timestampMs(), p.value()));
        }
    }
}
