package io.vigil.ingest;

import io.vigil.config.IngestConfig;
import io.vigil.config.LabelLimits;
import io.vigil.config.VigilOptions;
import io.vigil.model.DeadLetter;
import io.vigil.model.DeadLetters;
import io.vigil.model.Ingested;
import io.vigil.model.InputFormat;
import io.vigil.model.MetricSample;
import io.vigil.model.WallClock;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;

import java.util.Map;

/**
 * One input record → its samples, each as {@link Ingested}; a record (or a sample inside a
 * remote-write record) that cannot be used becomes a dead letter with the reason and the record's
 * coordinates. It never throws on data: a throwing decoder puts the job into a restart loop on one
 * bad record. Hosted by the Kafka source ({@link IngestDeserializer}) or, for files and tests, by
 * {@link DecodeRecords}; counts remote-write NaNs skipped and samples refused for their time
 * ({@link SampleTimes}) or their labels ({@link LabelLimits}) in the host's metric group {@code vigil}.
 */
public final class SampleParser implements SampleRules {
    /** The stage every dead letter of decoding carries. */
    public static final String STAGE = "ingest-parse";

    /** The bridge's default guard: a record never decompresses beyond what the bridge accepts. */
    static final int MAX_DECODED_BYTES = VigilOptions.BRIDGE_MAX_DECODED.defaultValue();

    private final WallClock clock;
    private final SampleDecoder json = new AdapterJsonDecoder();
    private final CsvSampleDecoder csv;
    private final RemoteWriteDecoder remoteWrite = new RemoteWriteDecoder(MAX_DECODED_BYTES);
    private final SampleTimes times;
    private final LabelLimits labelLimits;
    private final Counter nanSkipped;
    private final Counter refusedTimes;
    private final Counter refusedSeries;

    public SampleParser(IngestConfig config, WallClock clock, MetricGroup metrics) {
        this.clock = clock;
        this.csv = config.csvColumns().isEmpty() ? null : new CsvSampleDecoder(config.csvColumns());
        this.times = new SampleTimes(config.maxAhead().toMillis(), clock);
        this.labelLimits = config.labelLimits();
        MetricGroup group = metrics.addGroup("vigil");
        this.nanSkipped = group.counter("nan_values_skipped");
        this.refusedTimes = group.counter("samples_refused_time");
        this.refusedSeries = group.counter("series_refused_labels");
    }

    @Override
    public String refuseSeries(String metric, Map<String, String> labels) {
        String refused = labelLimits.refuse(metric, labels);
        if (refused != null) {
            refusedSeries.inc();
        }
        return refused;
    }

    @Override
    public String refuseTime(int partition, long timestampMs) {
        String refused = times.admit(partition, timestampMs);
        if (refused != null) {
            refusedTimes.inc();
        }
        return refused;
    }

    /**
     * @param source Kafka topic or file name
     * @param partition Kafka partition, or -1 for a file
     * @param offset Kafka offset, or the 1-based line number in a file
     */
    public void parse(String source, int partition, long offset, InputFormat format, byte[] payload,
            Collector<Ingested> out) {
        if (format == InputFormat.REMOTE_WRITE) {
            parseRemoteWrite(source, partition, offset, payload, out);
            return;
        }
        try {
            SampleDecoder decoder = decoderFor(format, offset, payload);
            if (decoder == null) {
                return; // the CSV header line
            }
            MetricSample sample = decoder.decode(payload, partition, offset);
            String refused = refuseSeries(sample.metric(), sample.labels());
            if (refused == null) {
                refused = refuseTime(partition, sample.timestampMs());
            }
            out.collect(refused == null ? Ingested.of(sample) : rejected(refused, source, partition, offset, payload));
        } catch (DecodeException e) {
            out.collect(rejected(e.getMessage(), source, partition, offset, payload));
        }
    }

    /** The whole record as a dead letter of this stage. */
    private Ingested rejected(String reason, String source, int partition, long offset, byte[] payload) {
        return Ingested.rejected(DeadLetters.of(STAGE, reason, source, partition, offset, payload, clock.millis()));
    }

    /** One record, many samples: a bad record is one dead letter; bad samples in a good one, one more. */
    private void parseRemoteWrite(String source, int partition, long offset, byte[] payload, Collector<Ingested> out) {
        try {
            RemoteWriteDecoder.Outcome o = remoteWrite.decode(payload, partition, offset, this,
                    s -> out.collect(Ingested.of(s)));
            nanSkipped.inc(o.nanSkipped());
            if (o.rejected() > 0) {
                String reason = o.rejected() + " sample(s) rejected, e.g. " + o.firstReason()
                        + " (payload: the rejected samples as adapter JSON"
                        + (o.rejected() > RemoteWriteDecoder.MAX_REJECTED_LINES ? ", the first "
                                + RemoteWriteDecoder.MAX_REJECTED_LINES : "") + ")";
                out.collect(Ingested.rejected(new DeadLetter(STAGE, reason, source, partition, offset,
                        o.rejectedLines(), false, clock.millis())));
            }
        } catch (DecodeException e) {
            out.collect(rejected(e.getMessage(), source, partition, offset, payload));
        }
    }

    private SampleDecoder decoderFor(InputFormat format, long offset, byte[] payload) throws DecodeException {
        if (format == InputFormat.ADAPTER_JSON) {
            return json;
        }
        if (csv == null) {
            throw new DecodeException("CSV record but no CSV header configured");
        }
        return offset == 1 && csv.isHeader(payload) ? null : csv;
    }
}
