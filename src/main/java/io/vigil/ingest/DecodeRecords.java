package io.vigil.ingest;

import io.vigil.config.IngestConfig;
import io.vigil.model.Ingested;
import io.vigil.model.RawRecord;
import io.vigil.model.WallClock;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/** Records read as they are (files, tests) → their samples, as the Kafka source decodes them. */
public final class DecodeRecords extends RichFlatMapFunction<RawRecord, Ingested> {
    private final IngestConfig config;
    private final WallClock clock;
    private transient SampleParser parser;

    public DecodeRecords(IngestConfig config, WallClock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public void open(OpenContext openContext) {
        parser = new SampleParser(config, clock, getRuntimeContext().getMetricGroup());
    }

    @Override
    public void flatMap(RawRecord raw, Collector<Ingested> out) {
        parser.parse(raw.source(), raw.partition(), raw.offset(), raw.format(), raw.payload(), out);
    }
}
