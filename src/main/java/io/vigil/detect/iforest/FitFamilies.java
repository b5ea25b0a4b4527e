package io.vigil.detect.iforest;

import io.vigil.detect.SharedModel;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;


/**
 * Keyed by family: keeps the family's sample of recent clean vectors ({@link FamilyFitting}; state
 * {@code iforest-fit-v1} and {@code iforest-sample-v1}) and, when a fit is due by the rows' event
 * time, fits the family's forest and emits it for the scorers (as a {@link SharedModel}). Fitting runs inline: ~0.1–0.3 s
 * for 2,048 rows, once a refit period per family. Uid {@code detect-iforest-fit}.
 */
public final class FitFamilies extends KeyedProcessFunction<String, FamilyRow, SharedModel> {
    private final FamilyFitting fitting;

    private transient ValueState<FamilyFit> position;
    private transient MapState<Integer, float[]> sample;
    private transient Counter fits;
    private transient Counter failed;
    private transient Counter kept;

    public FitFamilies(FamilyFitting fitting) {
        this.fitting = fitting;
    }

    @Override
    public void open(OpenContext openContext) {
        position = getRuntimeContext().getState(new ValueStateDescriptor<>("iforest-fit-v1", Types.POJO(FamilyFit.class)));
        sample = getRuntimeContext().getMapState(new MapStateDescriptor<>("iforest-sample-v1", Types.INT,
                PrimitiveArrayTypeInfo.FLOAT_PRIMITIVE_ARRAY_TYPE_INFO));
        var group = getRuntimeContext().getMetricGroup().addGroup("vigil");
        fits = group.counter("iforest_family_fits");
        failed = group.counter("iforest_family_fits_skipped");
        kept = group.counter("iforest_family_rows_kept");
    }

    @Override
    public void processElement(FamilyRow row, Context ctx, Collector<SharedModel> out) throws Exception {
        FamilyFitting.Ring ring = new FamilyFitting.Ring() {
            @Override
            public void set(int slot, float[] r) throws Exception {
                sample.put(slot, r);
            }

            @Override
            public float[] get(int slot) throws Exception {
                return sample.get(slot);
            }
        };
        FamilyFit before = position.value();
        FamilyFitting.Step step = fitting.learn(ctx.getCurrentKey(), before == null ? FamilyFit.EMPTY : before,
                row.series(), row.timestampMs(), row.vector(), ring);
        if (step.kept()) {
            kept.inc();
        }
        if (step.model() != null) {
            fits.inc();
            out.collect(new SharedModel(IsolationModule.NAME, step.model().key(), ModelBytes.of(step.model())));
        } else if (step.fitDue()) {
            failed.inc();
        }
        position.update(step.position());
    }
}
