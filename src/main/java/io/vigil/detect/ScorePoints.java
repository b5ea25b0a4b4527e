package io.vigil.detect;

import io.vigil.model.FeatureVector;
import io.vigil.model.ScoredPoint;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

import java.util.Map;

/**
 * Keyed by series: FeatureVector → ScoredPoint through the job's {@link DetectEngine}, when an
 * enabled detector shares models between series ({@link DetectorModule#sharedModels}); without
 * one, {@link ScoreSeries} scores alone. The series' models live in keyed state ({@link KeyedScoring}).
 *
 * <p>The broadcast input carries the shared models (a family's forest): kept in broadcast state
 * {@code shared-models-v1} and handed to their detector; after a restore they are read back from
 * there before the first point. Uid: {@code detect-score}.
 */
public final class ScorePoints extends KeyedBroadcastProcessFunction<String, FeatureVector, SharedModel, ScoredPoint> {
    /** The scorers' copy of every shared model (detector/key → model), so a restore needs no refit. */
    public static final MapStateDescriptor<String, SharedModel> SHARED_MODELS =
            new MapStateDescriptor<>("shared-models-v1", Types.STRING, Types.POJO(SharedModel.class));

    private final DetectEngine engine;

    private transient KeyedScoring scoring;
    private transient boolean sharedRestored;

    public ScorePoints(DetectEngine engine) {
        this.engine = engine;
    }

    @Override
    public void open(OpenContext openContext) {
        scoring = new KeyedScoring(engine, getRuntimeContext());
    }

    @Override
    public void processBroadcastElement(SharedModel m, Context ctx, Collector<ScoredPoint> out) throws Exception {
        ctx.getBroadcastState(SHARED_MODELS).put(m.detector() + "/" + m.key(), m);
        engine.accept(m);
    }

    @Override
    public void processElement(FeatureVector p, ReadOnlyContext ctx, Collector<ScoredPoint> out) throws Exception {
        if (!sharedRestored) {
            sharedRestored = true;
            for (Map.Entry<String, SharedModel> e : ctx.getBroadcastState(SHARED_MODELS).immutableEntries()) {
                engine.accept(e.getValue());
            }
        }
        scoring.process(p, out);
    }
}
