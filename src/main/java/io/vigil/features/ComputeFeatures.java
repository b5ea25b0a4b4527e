package io.vigil.features;

import io.vigil.config.FeatureConfig;
import io.vigil.model.FeatureVector;
import io.vigil.model.GridPoint;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by series: GridPoint → FeatureVector ({@link FeatureWindow}). An end marker clears the
 * series' state and is passed on so the detectors clear theirs. Uid: {@code features-compute}.
 */
public final class ComputeFeatures extends KeyedProcessFunction<String, GridPoint, FeatureVector> {
    public static final String WINDOW_STATE = "feature-window-v1";

    private final FeatureConfig config;
    private transient ValueState<FeatureWindowState> window;

    public ComputeFeatures(FeatureConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        window = getRuntimeContext().getState(
                new ValueStateDescriptor<>(WINDOW_STATE, TypeInformation.of(FeatureWindowState.class)));
    }

    @Override
    public void processElement(GridPoint p, Context ctx, Collector<FeatureVector> out) throws Exception {
        if (p.end()) {
            window.clear();
            out.collect(new FeatureVector(p.series(), p.metric(), p.labels(), p.timestampMs(), Double.NaN, false,
                    true, new double[0], new double[0], new double[0], Double.NaN, 0, 0, 0, 0, 0, 0));
            return;
        }
        FeatureWindowState s = window.value();
        FeatureWindow w = s == null ? new FeatureWindow(config) : FeatureWindow.fromState(config, s);
        out.collect(w.next(p));
        window.update(w.toState());
    }
}
