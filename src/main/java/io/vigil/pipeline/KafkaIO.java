package io.vigil.pipeline;

import io.vigil.config.IngestConfig;
import io.vigil.config.KafkaConfig;
import io.vigil.ingest.IngestDeserializer;
import io.vigil.ingest.RawRecordDeserializer;
import io.vigil.ingest.SampleWatermarks;
import io.vigil.model.Ingested;
import io.vigil.model.RawRecord;
import io.vigil.model.WallClock;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.apache.kafka.clients.consumer.OffsetResetStrategy;

import java.util.Properties;

/** The streaming job's Kafka source and its four sinks. */
public final class KafkaIO {
    static final String PARTITION_DISCOVERY = "partition.discovery.interval.ms";

    private KafkaIO() {}

    /**
     * The metrics source: records decoded in the source, event time kept per partition there
     * ({@link SampleWatermarks}). {@code bounded} stops at the offsets that are latest when the job
     * starts (tests, and any run over a fixed backlog); the job then ends by itself with a final
     * checkpoint.
     */
    public static SampleInput samples(StreamExecutionEnvironment env, KafkaConfig k, IngestConfig ingest,
            boolean bounded) {
        var builder = KafkaSource.<Ingested>builder()
                .setBootstrapServers(k.bootstrapServers())
                .setTopics(k.topics().metrics())
                .setGroupId(k.groupId())
                .setStartingOffsets(startingOffsets(k.startingOffsets()))
                .setDeserializer(new IngestDeserializer(ingest, WallClock.system()))
                // Partitions added to the topic are read within 10 s (the connector's default is 5 min),
                // before producers, whose metadata is refreshed every 5 min, move series to them.
                .setProperty(PARTITION_DISCOVERY, "10000")
                .setProperties(clientProperties(k));
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        DataStream<Ingested> stream = env.fromSource(builder.build(), SampleWatermarks.strategy(ingest), "kafka-metrics")
                .uid(OperatorIds.SOURCE_KAFKA).name("kafka-metrics");
        return new SampleInput(stream, String.join(",", k.topics().metrics()));
    }

    /** The change-events source, or null when {@code kafka.topics.changes} is empty. */
    public static DataStream<RawRecord> changesSource(StreamExecutionEnvironment env, KafkaConfig k, boolean bounded) {
        if (k.topics().changes().isBlank()) {
            return null;
        }
        var builder = KafkaSource.<RawRecord>builder()
                .setBootstrapServers(k.bootstrapServers())
                .setTopics(k.topics().changes())
                .setGroupId(k.groupId() + "-changes")
                .setStartingOffsets(startingOffsets(k.startingOffsets()))
                .setDeserializer(new RawRecordDeserializer())
                .setProperties(clientProperties(k));
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return env.fromSource(builder.build(), WatermarkStrategy.noWatermarks(), "kafka-changes")
                .uid(OperatorIds.SOURCE_KAFKA_CHANGES).name("kafka-changes");
    }

    @SuppressWarnings("deprecation") // the connector 5.0 API still takes OffsetResetStrategy
    private static OffsetsInitializer startingOffsets(String mode) {
        return switch (mode) {
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            default -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        };
    }

    public static void attachSinks(PipelineOutputs out, KafkaConfig k) {
        out.anomalies().sinkTo(sink(k, k.topics().anomalies(), "anomalies", new OutputSerializers.Anomalies(true),
                new OutputSerializers.Anomalies(false))).uid(OperatorIds.SINK_ANOMALIES).name("sink-anomalies");
        out.incidents().sinkTo(sink(k, k.topics().incidents(), "incidents", new OutputSerializers.Incidents(true),
                new OutputSerializers.Incidents(false))).uid(OperatorIds.SINK_INCIDENTS).name("sink-incidents");
        out.alerts().sinkTo(sink(k, k.topics().alerts(), "alerts", new OutputSerializers.Alerts(true),
                new OutputSerializers.Alerts(false))).uid(OperatorIds.SINK_ALERTS).name("sink-alerts");
        out.deadLetters().sinkTo(sink(k, k.topics().deadLetter(), "deadletter", new OutputSerializers.DeadLetters(true),
                new OutputSerializers.DeadLetters(false))).uid(OperatorIds.SINK_DEADLETTER).name("sink-deadletter");
    }

    private static <T> KafkaSink<T> sink(KafkaConfig k, String topic, String name, SerializationSchema<T> key,
            SerializationSchema<T> value) {
        var builder = KafkaSink.<T>builder()
                .setBootstrapServers(k.bootstrapServers())
                .setKafkaProducerConfig(clientProperties(k))
                .setRecordSerializer(new WriteTimeRecords<>(topic, key, value));
        if (k.exactlyOnce()) {
            builder.setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                    .setTransactionalIdPrefix(k.transactionalIdPrefix() + "-" + name)
                    .setProperty("transaction.timeout.ms", String.valueOf(k.transactionTimeout().toMillis()));
        } else {
            builder.setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE);
        }
        return builder.build();
    }

    public static Properties clientProperties(KafkaConfig k) {
        Properties p = new Properties();
        p.putAll(k.clientProperties());
        return p;
    }
}
