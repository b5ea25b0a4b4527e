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
 * @param scores every scored grid point (replay's scores.csv)
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
