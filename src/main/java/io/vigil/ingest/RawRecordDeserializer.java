package io.vigil.ingest;

import io.vigil.model.InputFormat;
import io.vigil.model.RawRecord;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Kafka record → {@link RawRecord} with its coordinates (the change events' source, JSON). It only
 * wraps bytes, so it cannot fail on data: decoding (and rejecting) happens in {@link ParseChanges}.
 */
public final class RawRecordDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {
    private static final byte[] EMPTY = new byte[0];

    /** A record's value; a tombstone (no value) is an empty record, which decoding rejects. */
    static byte[] valueOf(ConsumerRecord<byte[], byte[]> record) {
        return record.value() == null ? EMPTY : record.value();
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
        out.collect(new RawRecord(record.topic(), record.partition(), record.offset(), InputFormat.ADAPTER_JSON,
                valueOf(record)));
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
