package io.vigil.pipeline;

import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;

import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * An output record stamped with the time it is written, not with the event time it is about (that
 * is in its JSON). Kafka's retention and time index go by the record's timestamp: output about
 * history older than the topic's {@code retention.ms} (a backfill, a replay through Kafka, a job
 * catching up on days of backlog) would otherwise be deleted at the broker's next retention check.
 */
final class WriteTimeRecords<T> implements KafkaRecordSerializationSchema<T> {
    private final String topic;
    private final SerializationSchema<T> key;
    private final SerializationSchema<T> value;

    WriteTimeRecords(String topic, SerializationSchema<T> key, SerializationSchema<T> value) {
        this.topic = topic;
        this.key = key;
        this.value = value;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) throws Exception {
        key.open(context);
        value.open(context);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        // A null timestamp: the producer stamps the record with its clock as it sends it.
        return new ProducerRecord<>(topic, null, null, key.serialize(element), value.serialize(element));
    }
}
