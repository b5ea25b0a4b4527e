package io.vigil.ingest;

import io.vigil.ingest.proto.WriteRequest;
import io.vigil.model.MetricSample;
import io.vigil.model.OutputJson;
import io.vigil.model.SeriesIds;

import com.google.protobuf.InvalidProtocolBufferException;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

/**
 * One {@code remote-write} record (snappy-compressed {@code WriteRequest}) → many samples, read in
 * place from the wire bytes (no protobuf objects: they cost more than the rest of the decode). A record
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

    private static final String NAME_LABEL = "__name__";
    // Field tags as they appear on the wire: field number << 3 | wire type.
    private static final int TIMESERIES = 1 << 3 | ProtoCursor.LEN;
    private static final int LABELS = 1 << 3 | ProtoCursor.LEN;
    private static final int SAMPLES = 2 << 3 | ProtoCursor.LEN;
    private static final int LABEL_NAME = 1 << 3 | ProtoCursor.LEN;
    private static final int LABEL_VALUE = 2 << 3 | ProtoCursor.LEN;
    private static final int EXEMPLARS = 3 << 3 | ProtoCursor.LEN;
    private static final int METADATA = 3 << 3 | ProtoCursor.LEN;
    /** {@code MetricMetadata}'s string fields: family name, help, unit. */
    private static final int FAMILY = 2 << 3 | ProtoCursor.LEN;
    private static final int HELP = 4 << 3 | ProtoCursor.LEN;
    private static final int UNIT = 5 << 3 | ProtoCursor.LEN;
    private static final int VALUE = 1 << 3 | ProtoCursor.FIXED64;
    private static final int TIMESTAMP = 2 << 3 | ProtoCursor.VARINT;

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
        // Read whole before any rule sees a sample: a record that turns out malformed yields nothing.
        List<Series> all = read(uncompress(payload, maxDecodedBytes));
        int samples = 0;
        int stale = 0;
        int nan = 0;
        int rejected = 0;
        String firstReason = null;
        StringBuilder lines = new StringBuilder();
        for (Series ts : all) {
            String metric = ts.metric();
            Map<String, String> labels = ts.labels();
            String reasonForSeries = metric == null || metric.isEmpty() ? "series without __name__"
                    : rules.refuseSeries(metric, labels);
            Map<String, String> shared = Collections.unmodifiableMap(labels);
            String series = reasonForSeries == null ? SeriesIds.of(metric, labels) : null;
            for (int i = 0; i < ts.times().length; i++) {
                double v = ts.values()[i];
                long time = ts.times()[i];
                String reason = reasonForSeries;
                if (reason == null && Double.isInfinite(v)) {
                    reason = "non-finite value '" + (v > 0 ? "+Inf" : "-Inf") + "' cannot be scored";
                }
                if (reason == null) {
                    reason = rules.refuseTime(partition, time);
                }
                if (reason != null) {
                    rejected++;
                    if (firstReason == null) {
                        firstReason = reason;
                    }
                    if (rejected <= MAX_REJECTED_LINES) {
                        appendLine(lines, metric, labels, time, v);
                    }
                    continue;
                }
                boolean isStale = RemoteWriteFormat.isStaleMarker(v);
                if (Double.isNaN(v) && !isStale) {
                    nan++;
                    continue;
                }
                out.accept(new MetricSample(series, metric, shared, time, isStale ? Double.NaN : v, isStale, partition,
                        offset));
                samples++;
                if (isStale) {
                    stale++;
                }
            }
        }
        return new Outcome(samples, stale, nan, rejected, firstReason, lines.toString());
    }

    /** One {@code TimeSeries} as read: its name (null when it has none), other labels and samples. */
    private record Series(String metric, Map<String, String> labels, long[] times, double[] values) {}

    /** A {@code WriteRequest}'s series, read in place; metadata checked, fields this version does not know skipped. */
    private static List<Series> read(byte[] raw) throws DecodeException {
        List<Series> all = new ArrayList<>();
        try {
            ProtoCursor request = new ProtoCursor(raw, 0, raw.length);
            while (request.more()) {
                int tag = request.tag();
                if (tag == TIMESERIES) {
                    int end = request.lengthEnd();
                    all.add(series(raw, request.pos, end));
                    request.pos = end;
                } else if (tag == METADATA) {
                    int end = request.lengthEnd();
                    check(raw, request.pos, end, t -> t == FAMILY || t == HELP || t == UNIT, RemoteWriteDecoder::text);
                    request.pos = end;
                } else {
                    request.skip(tag);
                }
            }
        } catch (ProtoCursor.Malformed e) {
            throw new DecodeException("not a remote-write WriteRequest: " + e.getMessage());
        }
        return all;
    }

    /**
     * One {@code TimeSeries} in {@code buf[from, to)}, its fields in any order (protobuf allows it).
     * Exemplars are checked, not kept; native histograms skipped, as protobuf skips them.
     */
    private static Series series(byte[] buf, int from, int to) throws ProtoCursor.Malformed, DecodeException {
        Map<String, String> labels = new TreeMap<>();
        String metric = null;
        long[] times = new long[1]; // Prometheus sends a series one sample a request, as a rule
        double[] values = new double[1];
        int count = 0;
        ProtoCursor c = new ProtoCursor(buf, from, to);
        while (c.more()) {
            int tag = c.tag();
            if (tag != LABELS && tag != SAMPLES && tag != EXEMPLARS) {
                c.skip(tag);
                continue;
            }
            int end = c.lengthEnd();
            if (tag == LABELS) {
                String[] label = label(buf, c.pos, end);
                if (label[0].equals(NAME_LABEL)) {
                    metric = label[1];
                } else {
                    labels.put(label[0], label[1]);
                }
            } else if (tag == EXEMPLARS) {
                check(buf, c.pos, end, t -> t == LABELS, RemoteWriteDecoder::label);
            } else {
                if (count == times.length) {
                    times = Arrays.copyOf(times, 2 * count);
                    values = Arrays.copyOf(values, 2 * count);
                }
                sample(buf, c.pos, end, times, values, count++);
            }
            c.pos = end;
        }
        return new Series(metric, labels, Arrays.copyOf(times, count), Arrays.copyOf(values, count));
    }

    /** A {@code Sample} into slot {@code i} (0 for a field it lacks, as protobuf reads it). */
    private static void sample(byte[] buf, int from, int to, long[] times, double[] values, int i)
            throws ProtoCursor.Malformed {
        ProtoCursor c = new ProtoCursor(buf, from, to);
        while (c.more()) {
            int tag = c.tag();
            if (tag == VALUE) {
                values[i] = c.fixed64Double();
            } else if (tag == TIMESTAMP) {
                times[i] = c.varint();
            } else {
                c.skip(tag);
            }
        }
    }

    /** Reads a span of a message; the readers below have this shape. */
    @FunctionalInterface
    private interface SpanReader {
        void read(byte[] buf, int from, int to) throws ProtoCursor.Malformed, DecodeException;
    }

    /**
     * Reads through a message Vigil does not use (an exemplar, metadata) as protobuf's classes would, so
     * a record is refused for the same faults: every field well formed, and the length-delimited
     * ones {@code checked} (its labels, its strings) read by {@code reader}.
     */
    private static void check(byte[] buf, int from, int to, IntPredicate checked, SpanReader reader)
            throws ProtoCursor.Malformed, DecodeException {
        ProtoCursor c = new ProtoCursor(buf, from, to);
        while (c.more()) {
            int tag = c.tag();
            if (checked.test(tag)) {
                int end = c.lengthEnd();
                reader.read(buf, c.pos, end);
                c.pos = end;
            } else {
                c.skip(tag);
            }
        }
    }

    /** A {@code Label}'s name and value ("" when absent; the last one when repeated, as protobuf reads it). */
    private static String[] label(byte[] buf, int from, int to) throws ProtoCursor.Malformed, DecodeException {
        String name = "";
        String value = "";
        ProtoCursor c = new ProtoCursor(buf, from, to);
        while (c.more()) {
            int tag = c.tag();
            if (tag == LABEL_NAME || tag == LABEL_VALUE) {
                int end = c.lengthEnd();
                String text = text(buf, c.pos, end);
                c.pos = end;
                if (tag == LABEL_NAME) {
                    name = text;
                } else {
                    value = text;
                }
            } else {
                c.skip(tag);
            }
        }
        return new String[] {name, value};
    }

    /** UTF-8 bytes as a string; refused, as protobuf refuses them, when they are not UTF-8. */
    private static String text(byte[] buf, int from, int to) throws DecodeException {
        if (!ProtoCursor.isUtf8(buf, from, to)) {
            throw new DecodeException("not a remote-write WriteRequest: a label at byte " + from + " is not UTF-8");
        }
        return new String(buf, from, to - from, StandardCharsets.UTF_8);
    }

    /** Snappy block → WriteRequest, refusing bodies that would decompress beyond {@code maxDecodedBytes}. */
    public static WriteRequest parse(byte[] payload, int maxDecodedBytes) throws DecodeException {
        try {
            return WriteRequest.parseFrom(uncompress(payload, maxDecodedBytes));
        } catch (InvalidProtocolBufferException e) {
            throw new DecodeException("not a remote-write WriteRequest: " + e.getMessage());
        }
    }

    /** A snappy block's bytes, refusing bodies that would decompress beyond {@code maxDecodedBytes}. */
    private static byte[] uncompress(byte[] payload, int maxDecodedBytes) throws DecodeException {
        if (payload.length == 0) {
            throw new DecodeException("empty record");
        }
        try {
            int length = Snappy.uncompressedLength(payload);
            if (length < 0 || length > maxDecodedBytes) {
                throw new DecodeException("decompresses to " + length + " bytes, above the limit of "
                        + maxDecodedBytes);
            }
            return Snappy.uncompress(payload);
        } catch (IOException e) {
            throw new DecodeException("not snappy block format: " + e.getMessage());
        }
    }

    private static void appendLine(StringBuilder sb, String metric, Map<String, String> labels, long ts, double v) {
        if (sb.length() > 0) {
            sb.append('\n');
        }
        sb.append(OutputJson.adapterRecord(ts, v, metric, labels));
    }
}
