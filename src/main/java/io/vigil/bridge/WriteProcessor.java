package io.vigil.bridge;

import io.vigil.bridge.proto.Label;
import io.vigil.bridge.proto.TimeSeries;
import io.vigil.bridge.proto.WriteRequest;
import io.vigil.config.BridgeConfig;

import com.google.protobuf.InvalidProtocolBufferException;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The bridge's work on one request body, apart from HTTP and Kafka: decompress with the size guard,
 * parse, check every series against the limits and the cardinality guard, and regroup the accepted
 * series by partition into snappy-compressed WriteRequests. Thread-safe (the admission is shared).
 */
final class WriteProcessor {
    /** Keeps a record well under Kafka's default 1 MB message size (~40 B a sample compressed). */
    static final int MAX_SAMPLES_PER_RECORD = 10_000;

    private final BridgeConfig.Limits limits;
    private final SeriesAdmission admission;
    private final LongSupplier clock;

    WriteProcessor(BridgeConfig.Limits limits, LongSupplier clock) {
        this.limits = limits;
        this.clock = clock;
        this.admission = new SeriesAdmission(limits.newSeriesPerMinute(), limits.newSeriesBurst(),
                limits.seriesTtl().toMillis(), clock.getAsLong());
    }

    int knownSeries() {
        return admission.known();
    }

    WritePlan process(byte[] body, int partitions) throws RejectedRequest {
        WriteRequest request = decode(body);
        int n = request.getTimeseriesCount();
        if (n > limits.maxSeriesPerRequest()) {
            throw new RejectedRequest(413, "too_many_series", n + " series in one request, above "
                    + "bridge.limits.max-series-per-request " + limits.maxSeriesPerRequest()
                    + " (lower queue_config.max_samples_per_send)");
        }
        Map<String, Integer> rejected = new TreeMap<>();
        String first = null;
        long[] hashes = new long[n];
        int[] index = new int[n];
        int valid = 0;
        int samples = 0;
        for (int i = 0; i < n; i++) {
            TimeSeries ts = request.getTimeseries(i);
            samples += ts.getSamplesCount();
            String problem = check(ts);
            if (problem != null) {
                String reason = problem.substring(0, problem.indexOf(':'));
                rejected.merge(reason, 1, Integer::sum);
                first = first == null ? problem : first;
                continue;
            }
            hashes[valid] = SeriesHash.of(ts);
            index[valid++] = i;
        }
        boolean[] admitted = new boolean[valid];
        int refused = admission.admit(hashes, valid, admitted, clock.getAsLong());
        if (refused > 0) {
            rejected.merge("cardinality", refused, Integer::sum);
            if (first == null) {
                first = "cardinality: " + refused + " new series over bridge.limits.new-series-per-minute "
                        + limits.newSeriesPerMinute() + " (burst " + limits.newSeriesBurst() + ")";
            }
        }
        List<List<TimeSeries>> byPartition = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            byPartition.add(new ArrayList<>());
        }
        int notForwarded = request.getMetadataCount();
        for (int k = 0; k < valid; k++) {
            if (!admitted[k]) {
                continue;
            }
            TimeSeries ts = request.getTimeseries(index[k]);
            if (ts.getExemplarsCount() > 0 || !ts.getUnknownFields().asMap().isEmpty()) {
                notForwarded += ts.getExemplarsCount() + ts.getUnknownFields().asMap().size();
                ts = TimeSeries.newBuilder().addAllLabels(ts.getLabelsList()).addAllSamples(ts.getSamplesList()).build();
            }
            if (ts.getSamplesCount() > 0) {
                byPartition.get(SeriesHash.partition(hashes[k], partitions)).add(ts);
            }
        }
        List<WritePlan.Batch> records = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            encode(p, byPartition.get(p), records);
        }
        return new WritePlan(records, n, samples, rejected, first, notForwarded);
    }

    private WriteRequest decode(byte[] body) throws RejectedRequest {
        byte[] raw;
        try {
            int length = Snappy.uncompressedLength(body);
            if (length < 0 || length > limits.maxDecodedBytes()) {
                throw new RejectedRequest(413, "decoded_too_large", "body decompresses to " + length
                        + " bytes, above bridge.limits.max-decoded-bytes " + limits.maxDecodedBytes());
            }
            raw = Snappy.uncompress(body);
        } catch (IOException e) {
            throw new RejectedRequest(400, "bad_snappy", "body is not snappy block format: " + e.getMessage());
        }
        try {
            return WriteRequest.parseFrom(raw);
        } catch (InvalidProtocolBufferException e) {
            throw new RejectedRequest(400, "bad_protobuf", "body is not a remote-write 1.0 WriteRequest: "
                    + e.getMessage());
        }
    }

    /** Null when the series may pass, else {@code reason: description}. */
    private String check(TimeSeries ts) {
        int count = ts.getLabelsCount();
        if (count > limits.maxLabelsPerSeries()) {
            return "too_many_labels: series " + describe(ts) + " has " + count + " labels, above "
                    + "bridge.limits.max-labels-per-series " + limits.maxLabelsPerSeries();
        }
        boolean named = false;
        Set<String> seen = count > 8 ? new HashSet<>() : null;
        for (int i = 0; i < count; i++) {
            Label l = ts.getLabels(i);
            String name = l.getName();
            if (name.length() > limits.maxLabelNameLength()) {
                return "label_name_too_long: series " + describe(ts) + " has a label name of " + name.length()
                        + " characters, above bridge.limits.max-label-name-length " + limits.maxLabelNameLength();
            }
            if (l.getValue().length() > limits.maxLabelValueLength()) {
                return "label_value_too_long: label " + name + " of series " + describe(ts) + " is "
                        + l.getValue().length() + " characters, above bridge.limits.max-label-value-length "
                        + limits.maxLabelValueLength();
            }
            if (name.isEmpty()) {
                return "empty_label_name: series " + describe(ts) + " has a label without a name";
            }
            if (name.equals("__name__")) {
                named = !l.getValue().isEmpty();
            }
            boolean duplicate = seen != null ? !seen.add(name)
                    : hasEarlier(ts, i, name);
            if (duplicate) {
                return "duplicate_label: series " + describe(ts) + " has label " + name + " twice";
            }
        }
        return named ? null : "missing_metric_name: series " + describe(ts) + " has no __name__";
    }

    private static boolean hasEarlier(TimeSeries ts, int i, String name) {
        for (int j = 0; j < i; j++) {
            if (ts.getLabels(j).getName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The series as Prometheus prints it, values cut short (they may be what is too long). */
    private static String describe(TimeSeries ts) {
        StringBuilder sb = new StringBuilder();
        String metric = "";
        for (Label l : ts.getLabelsList()) {
            if (l.getName().equals("__name__")) {
                metric = l.getValue();
            }
        }
        sb.append(cut(metric)).append('{');
        int shown = 0;
        for (Label l : ts.getLabelsList()) {
            if (l.getName().equals("__name__")) {
                continue;
            }
            if (shown++ == 6) {
                sb.append(",...");
                break;
            }
            sb.append(shown > 1 ? "," : "").append(cut(l.getName())).append("=\"").append(cut(l.getValue())).append('"');
        }
        return sb.append('}').toString();
    }

    private static String cut(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    private static void encode(int partition, List<TimeSeries> series, List<WritePlan.Batch> out) {
        int i = 0;
        while (i < series.size()) {
            WriteRequest.Builder b = WriteRequest.newBuilder();
            int samples = 0;
            int start = i;
            while (i < series.size() && (samples == 0 || samples + series.get(i).getSamplesCount() <= MAX_SAMPLES_PER_RECORD)) {
                samples += series.get(i).getSamplesCount();
                b.addTimeseries(series.get(i++));
            }
            try {
                out.add(new WritePlan.Batch(partition, Snappy.compress(b.build().toByteArray()), i - start, samples));
            } catch (IOException e) {
                throw new UncheckedIOException("snappy could not compress a WriteRequest", e);
            }
        }
    }
}
