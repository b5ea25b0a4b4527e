package io.vigil.ingest;

import io.vigil.config.IngestConfig;
import io.vigil.model.Ingested;
import io.vigil.model.InputFormat;
import io.vigil.model.WallClock;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Kafka record → its samples, decoded in the source ({@link SampleParser}), so the source can keep
 * event time per partition and knows when it is backpressured: a partition is given up as idle
 * only for time the source spent reading, never for a stall. Records marked as remote-write by
 * their headers ({@link RemoteWriteFormat}) are read as such; others in the configured format.
 */
public final class IngestDeserializer implements KafkaRecordDeserializationSchema<Ingested> {
    private final IngestConfig config;
    private final WallClock clock;
    private transient SampleParser parser;

    public IngestDeserializer(IngestConfig config, WallClock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        parser = new SampleParser(config, clock, context.getMetricGroup());
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Ingested> out) {
        InputFormat f = RemoteWriteFormat.isRemoteWrite(record.headers()) ? InputFormat.REMOTE_WRITE : config.format();
        parser.parse(record.topic(), record.partition(), record.offset(), f, RawRecordDeserializer.valueOf(record), out);
    }

    @Override
    public TypeInformation<Ingested> getProducedType() {
        return TypeInformation.of(Ingested.class);
    }
}
