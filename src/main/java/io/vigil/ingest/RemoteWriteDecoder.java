package io.vigil.ingest;

import io.vigil.ingest.proto.Label;
import io.vigil.ingest.proto.Sample;
import io.vigil.ingest.proto.TimeSeries;
import io.vigil.ingest.proto.WriteRequest;
import io.vigil.model.MetricSample;
import io.vigil.model.OutputJson;
import io.vigil.model.SeriesIds;

import com.google.protobuf.InvalidProtocolBufferException;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One {@code remote-write} record (snappy-compressed {@code WriteRequest}) → many samples. A record
 * that does not decode is rejected as a whole; inside a good record, a series without a metric name
 * or a sample with an infinite value is rejected alone (the rest flows) and described in
 * {@link Outcome#rejectedLines()} as adapter-JSON lines, so the dead letter is readable and replayable.
 *
 * <p>Staleness markers (the exact StaleNaN bit pattern) end the series. Any other NaN is not a value
 * (e.g. a 0/0 ratio): it is skipped and counted, the series goes on.
 */
public final class RemoteWriteDecoder {
    /** Dead letters keep at most this many rejected samples' lines (the count is always exact). */
    static final int MAX_REJECTED_LINES = 100;

    /** What one record yielded besides the samples themselves. */
    public record Outcome(int samples, int staleMarkers, int nanSkipped, int rejected, String firstReason,
            String rejectedLines) {}

    private final int maxDecodedBytes;

    public RemoteWriteDecoder(int maxDecodedBytes) {
        this.maxDecodedBytes = maxDecodedBytes;
    }

    public Outcome decode(byte[] payload, Consumer<MetricSample> out) throws DecodeException {
        return decode(payload, -1, -1, SampleRules.NONE, out);
    }

    /** Decodes the record found at {@code partition} and {@code offset}, refusing what {@code rules} refuse. */
    public Outcome decode(byte[] payload, int partition, long offset, SampleRules rules, Consumer<MetricSample> out)
            throws DecodeException {
        WriteRequest request = parse(payload, maxDecodedBytes);
        int samples = 0;
        int stale = 0;
        int nan = 0;
        int rejected = 0;
        String firstReason = null;
        StringBuilder lines = new StringBuilder();
        for (TimeSeries ts : request.getTimeseriesList()) {
            Map<String, String> labels = new TreeMap<>();
            String metric = null;
            for (Label l : ts.getLabelsList()) {
                if (l.getName().equals("__name__")) {
                    metric = l.getValue();
                } else {
                    labels.put(l.getName(), l.getValue());
                }
            }
            String reasonForSeries = metric == null || metric.isEmpty() ? "series without __name__"
                    : rules.refuseSeries(metric, labels);
            Map<String, String> shared = Collections.unmodifiableMap(labels);
            String series = reasonForSeries == null ? SeriesIds.of(metric, labels) : null;
            for (Sample s : ts.getSamplesList()) {
                double v = s.getValue();
                String reason = reasonForSeries;
                if (reason == null && Double.isInfinite(v)) {
                    reason = "non-finite value '" + (v > 0 ? "+Inf" : "-Inf") + "' cannot be scored";
                }
                if (reason == null) {
                    reason = rules.refuseTime(partition, s.getTimestamp());
                }
                if (reason != null) {
                    rejected++;
                    if (firstReason == null) {
                        firstReason = reason;
                    }
                    if (rejected <= MAX_REJECTED_LINES) {
                        appendLine(lines, metric, labels, s);
                    }
                    continue;
                }
                boolean isStale = RemoteWriteFormat.isStaleMarker(v);
                if (Double.isNaN(v) && !isStale) {
                    nan++;
                    continue;
                }
                out.accept(new MetricSample(series, metric, shared, s.getTimestamp(), isStale ? Double.NaN : v,
                        isStale, partition, offset));
                samples++;
                if (isStale) {
                    stale++;
                }
            }
        }
        return new Outcome(samples, stale, nan, rejected, firstReason, lines.toString());
    }

    /** Snappy block → WriteRequest, refusing bodies that would decompress beyond {@code maxDecodedBytes}. */
    public static WriteRequest parse(byte[] payload, int maxDecodedBytes) throws DecodeException {
        if (payload.length == 0) {
            throw new DecodeException("empty record");
        }
        byte[] raw;
        try {
            int length = Snappy.uncompressedLength(payload);
            if (length < 0 || length > maxDecodedBytes) {
                throw new DecodeException("decompresses to " + length + " bytes, above the limit of "
                        + maxDecodedBytes);
            }
            raw = Snappy.uncompress(payload);
        } catch (IOException e) {
            throw new DecodeException("not snappy block format: " + e.getMessage());
        }
        try {
            return WriteRequest.parseFrom(raw);
        } catch (InvalidProtocolBufferException e) {
            throw new DecodeException("not a remote-write WriteRequest: " + e.getMessage());
        }
    }

    private static void appendLine(StringBuilder sb, String metric, Map<String, String> labels, Sample s) {
        if (sb.length() > 0) {
            sb.append('\n');
        }
        sb.append(OutputJson.adapterRecord(s.getTimestamp(), s.getValue(), metric, labels));
    }
}
