package io.vigil.ingest;

import io.vigil.model.InputFormat;
import io.vigil.model.RawRecord;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Kafka record → {@link RawRecord} with its coordinates. It only wraps bytes, so it cannot fail on
 * data: decoding (and rejecting) happens in {@link ParseSamples}. Records marked as remote-write by
 * their headers ({@link RemoteWriteFormat}) are read as such; others in the configured format.
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
        InputFormat f = RemoteWriteFormat.isRemoteWrite(record.headers()) ? InputFormat.REMOTE_WRITE : format;
        out.collect(new RawRecord(record.topic(), record.partition(), record.offset(), f, value));
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
