package io.vigil.pipeline;

import io.vigil.model.Alert;
import io.vigil.model.DeadLetter;
import io.vigil.model.Incident;
import io.vigil.model.ScoredPoint;

import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The streams {@link VigilPipeline#build} produces; the caller attaches sinks (Kafka for the
 * streaming job, files for replay, collectors for tests).
 *
 * @param scores the scored grid points that left the detect stage: every one for replay's
 *     scores.csv ({@link ScoresOut#EVERY_POINT}), the anomalies and evidence in the streaming job
 * @param anomalies the anomalous points ({@code vigil.anomalies})
 * @param incidents open / update / resolved events ({@code vigil.incidents})
 * @param alerts deduplicated, rate-limited alerts ({@code vigil.alerts})
 * @param deadLetters unparseable records and late samples ({@code vigil.deadletter})
 */
public record PipelineOutputs(
        DataStream<ScoredPoint> scores,
        DataStream<ScoredPoint> anomalies,
        DataStream<Incident> incidents,
        DataStream<Alert> alerts,
        DataStream<DeadLetter> deadLetters) {

    /** The same outputs with {@code more} alerts merged in (the heartbeat). */
    public PipelineOutputs withMoreAlerts(DataStream<Alert> more) {
        return new PipelineOutputs(scores, anomalies, incidents, alerts.union(more), deadLetters);
    }
}
