package io.vigil.detect;

import io.vigil.model.FeatureVector;
import io.vigil.model.ScoredPoint;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by series: FeatureVector → ScoredPoint when no enabled detector shares models between
 * series (the default). One input, so it chains to {@code features-compute} and the points reach
 * it without being serialized. Same uid and keyed state as {@link ScorePoints} ({@link KeyedScoring}),
 * so a savepoint of either restores into the other when shared models are switched on or off.
 * Uid: {@code detect-score}.
 */
public final class ScoreSeries extends KeyedProcessFunction<String, FeatureVector, ScoredPoint> {
    private final DetectEngine engine;
    private transient KeyedScoring scoring;

    public ScoreSeries(DetectEngine engine) {
        this.engine = engine;
    }

    @Override
    public void open(OpenContext openContext) {
        scoring = new KeyedScoring(engine, getRuntimeContext());
    }

    @Override
    public void processElement(FeatureVector p, Context ctx, Collector<ScoredPoint> out) throws Exception {
        scoring.process(p, out);
    }
}
