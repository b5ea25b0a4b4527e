package io.vigil.ingest;

import io.vigil.config.IngestConfig;
import io.vigil.config.VigilOptions;
import io.vigil.model.DeadLetter;
import io.vigil.model.DeadLetters;
import io.vigil.model.InputFormat;
import io.vigil.model.MetricSample;
import io.vigil.model.RawRecord;
import io.vigil.model.WallClock;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * RawRecord → MetricSample. A record that does not decode goes to the dead-letter side output with
 * the reason and its coordinates, and is counted; it never throws (a throwing deserializer puts the
 * job into a restart loop on one bad record). A dead letter is stamped with the injected clock's
 * time. Uid: {@code ingest-parse}.
 */
public final class ParseSamples extends ProcessFunction<RawRecord, MetricSample> {
    public static final String STAGE = "ingest-parse";
    /** Job accumulators: samples decoded and records rejected, read back by replay, demo and tests. */
    public static final String ACC_PARSED = "vigil-samples-parsed";
    public static final String ACC_REJECTED = "vigil-records-rejected";

    /** The bridge's default guard: a record never decompresses beyond what the bridge accepts. */
    static final int MAX_DECODED_BYTES = VigilOptions.BRIDGE_MAX_DECODED.defaultValue();

    private final IngestConfig config;
    private final OutputTag<DeadLetter> deadLetters;
    private final WallClock clock;

    private transient SampleDecoder json;
    private transient CsvSampleDecoder csv;
    private transient RemoteWriteDecoder remoteWrite;
    private transient Counter nanSkipped;
    private transient Counter samplesIn;
    private transient Counter rejected;
    private transient Counter staleMarkers;
    private transient LongCounter parsedTotal;
    private transient LongCounter rejectedTotal;

    public ParseSamples(IngestConfig config, OutputTag<DeadLetter> deadLetters, WallClock clock) {
        this.config = config;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    @Override
    public void open(OpenContext openContext) {
        json = new AdapterJsonDecoder();
        csv = config.csvColumns().isEmpty() ? null : new CsvSampleDecoder(config.csvColumns());
        remoteWrite = new RemoteWriteDecoder(MAX_DECODED_BYTES);
        var group = getRuntimeContext().getMetricGroup().addGroup("vigil");
        samplesIn = group.counter("samples_in");
        rejected = group.counter("dead_letters_parse");
        staleMarkers = group.counter("stale_markers");
        nanSkipped = group.counter("nan_values_skipped");
        parsedTotal = getRuntimeContext().getLongCounter(ACC_PARSED);
        rejectedTotal = getRuntimeContext().getLongCounter(ACC_REJECTED);
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<MetricSample> out) {
        if (raw.format() == InputFormat.REMOTE_WRITE) {
            processRemoteWrite(raw, ctx, out);
            return;
        }
        try {
            SampleDecoder decoder = decoderFor(raw);
            if (decoder == null) {
                return; // the CSV header line
            }
            MetricSample sample = decoder.decode(raw.payload()).withOrigin(MetricSample.originOf(raw.source(),
                    raw.partition()));
            samplesIn.inc();
            parsedTotal.add(1L);
            if (sample.stale()) {
                staleMarkers.inc();
            }
            out.collect(sample);
        } catch (DecodeException e) {
            rejected.inc();
            rejectedTotal.add(1L);
            ctx.output(deadLetters, DeadLetters.of(STAGE, e.getMessage(), raw, clock.millis()));
        }
    }

    /** One record, many samples: a bad record is one dead letter; bad samples in a good one, one more. */
    private void processRemoteWrite(RawRecord raw, Context ctx, Collector<MetricSample> out) {
        try {
            RemoteWriteDecoder.Outcome o = remoteWrite.decode(raw.payload(),
                    MetricSample.originOf(raw.source(), raw.partition()), out::collect);
            samplesIn.inc(o.samples());
            parsedTotal.add((long) o.samples());
            staleMarkers.inc(o.staleMarkers());
            nanSkipped.inc(o.nanSkipped());
            if (o.rejected() > 0) {
                rejected.inc(o.rejected());
                rejectedTotal.add((long) o.rejected());
                String reason = o.rejected() + " sample(s) rejected, e.g. " + o.firstReason()
                        + " (payload: the rejected samples as adapter JSON"
                        + (o.rejected() > RemoteWriteDecoder.MAX_REJECTED_LINES ? ", the first "
                                + RemoteWriteDecoder.MAX_REJECTED_LINES : "") + ")";
                ctx.output(deadLetters, new DeadLetter(STAGE, reason, raw.source(), raw.partition(), raw.offset(),
                        o.rejectedLines(), false, clock.millis()));
            }
        } catch (DecodeException e) {
            rejected.inc();
            rejectedTotal.add(1L);
            ctx.output(deadLetters, DeadLetters.of(STAGE, e.getMessage(), raw, clock.millis()));
        }
    }

    private SampleDecoder decoderFor(RawRecord raw) throws DecodeException {
        if (raw.format() == InputFormat.ADAPTER_JSON) {
            return json;
        }
        if (csv == null) {
            throw new DecodeException("CSV record but no CSV header configured");
        }
        return raw.offset() == 1 && csv.isHeader(raw.payload()) ? null : csv;
    }
}
