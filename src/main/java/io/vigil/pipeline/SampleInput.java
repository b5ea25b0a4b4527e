package io.vigil.pipeline;

import io.vigil.config.IngestConfig;
import io.vigil.ingest.DecodeRecords;
import io.vigil.ingest.SampleWatermarks;
import io.vigil.model.Ingested;
import io.vigil.model.RawRecord;
import io.vigil.model.WallClock;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The pipeline's samples, decoded and timed: from the Kafka source ({@link KafkaIO#samples}) or from
 * records read as they are ({@link #records}).
 *
 * @param source the topics or file the samples come from, as late samples' dead letters name it
 */
public record SampleInput(DataStream<Ingested> stream, String source) {
    /** Records of one split (a file, a test's list): decoded, then timed like a Kafka partition. */
    public static SampleInput records(DataStream<RawRecord> raw, String source, IngestConfig ingest) {
        DataStream<Ingested> timed = raw
                .flatMap(new DecodeRecords(ingest, WallClock.system()))
                .returns(TypeInformation.of(Ingested.class))
                .uid(OperatorIds.INGEST_DECODE).name("ingest-decode")
                .assignTimestampsAndWatermarks(SampleWatermarks.strategy(ingest))
                .uid(OperatorIds.INGEST_WATERMARKS).name("ingest-watermarks");
        return new SampleInput(timed, source);
    }
}
