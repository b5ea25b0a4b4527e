package io.vigil.ingest;

import io.vigil.model.InputFormat;
import io.vigil.model.RawRecord;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Kafka record → {@link RawRecord} with its coordinates (the change events' source). It only wraps
 * bytes, so it cannot fail on data: decoding (and rejecting) happens in {@link ParseChanges}.
 */
public final class RawRecordDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {
    private static final byte[] EMPTY = new byte[0];
    private final InputFormat format;

    public RawRecordDeserializer(InputFormat format) {
        this.format = format;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
        byte[] value = record.value() == null ? EMPTY : record.value();
        out.collect(new RawRecord(record.topic(), record.partition(), record.offset(), format, value));
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
