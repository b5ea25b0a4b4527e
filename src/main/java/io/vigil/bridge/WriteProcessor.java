package io.vigil.bridge;

import io.vigil.config.BridgeConfig;
import io.vigil.ingest.ProtoCursor;

import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The bridge's work on one request body, apart from HTTP and Kafka: decompress with the size guard,
 * find every series, check it against the limits and the cardinality guard in place
 * ({@link SeriesScan}), and copy the accepted series byte for byte, regrouped by partition, into
 * snappy-compressed WriteRequests. A request bound for one partition with nothing to leave out is
 * forwarded as received. Thread-safe (the admission is shared).
 */
public final class WriteProcessor {
    /** Keeps a record well under Kafka's default 1 MB message size (~40 B a sample compressed). */
    static final int MAX_SAMPLES_PER_RECORD = 10_000;

    private final BridgeConfig.Limits limits;
    private final SeriesAdmission admission;
    private final LongSupplier clock;

    public WriteProcessor(BridgeConfig.Limits limits, LongSupplier clock) {
        this.limits = limits;
        this.clock = clock;
        this.admission = new SeriesAdmission(limits.newSeriesPerMinute(), limits.newSeriesBurst(),
                limits.seriesTtl().toMillis(), clock.getAsLong());
    }

    int knownSeries() {
        return admission.known();
    }

    /** Where the partition count comes from: asked only once the body has passed its checks. */
    interface PartitionCount {
        int get() throws KafkaWriter.Unavailable;
    }

    public WritePlan process(byte[] body, int partitions) throws RejectedRequest {
        try {
            return process(body, () -> partitions);
        } catch (KafkaWriter.Unavailable e) {
            throw new IllegalStateException("a fixed partition count cannot be unavailable", e);
        }
    }

    /** As above, asking Kafka for the partition count only for a body that passed its checks (bad data gets its 4xx even while Kafka is down). */
    WritePlan process(byte[] body, PartitionCount partitionCount) throws RejectedRequest, KafkaWriter.Unavailable {
        byte[] raw = decompress(body);
        try {
            return plan(body, raw, partitionCount);
        } catch (ProtoCursor.Malformed e) {
            throw new RejectedRequest(400, "bad_protobuf", "body is not a remote-write 1.0 WriteRequest: "
                    + e.getMessage());
        }
    }

    private WritePlan plan(byte[] body, byte[] raw, PartitionCount partitionCount)
            throws RejectedRequest, ProtoCursor.Malformed, KafkaWriter.Unavailable {
        // Pass 1: where each series is, so the series limit is checked before any work per series.
        int[] spans = new int[64];
        int n = 0;
        int notForwarded = 0;
        ProtoCursor c = new ProtoCursor(raw, 0, raw.length);
        while (c.more()) {
            int tag = c.tag();
            if (tag == (1 << 3 | ProtoCursor.LEN)) {
                int end = c.lengthEnd();
                if (2 * n + 2 > spans.length) {
                    spans = Arrays.copyOf(spans, spans.length * 2);
                }
                spans[2 * n] = c.pos;
                spans[2 * n + 1] = end;
                n++;
                c.pos = end;
            } else {
                c.skip(tag);
                notForwarded++; // metadata (field 3) or unknown
            }
        }
        if (n > limits.maxSeriesPerRequest()) {
            throw new RejectedRequest(413, "too_many_series", n + " series in one request, above "
                    + "bridge.limits.max-series-per-request " + limits.maxSeriesPerRequest()
                    + " (lower queue_config.max_samples_per_send)");
        }
        // Pass 2: check and hash every series in place.
        Map<String, Integer> rejected = new TreeMap<>();
        String first = null;
        SeriesScan scan = new SeriesScan(limits);
        long[] hashes = new long[n];
        int[] valid = new int[n];
        int[] sampleCounts = new int[n];
        int[] droppedCounts = new int[n];
        int nValid = 0;
        int samples = 0;
        for (int i = 0; i < n; i++) {
            scan.scan(raw, spans[2 * i], spans[2 * i + 1]);
            samples += scan.samples;
            if (scan.problem != null) {
                rejected.merge(scan.problem.substring(0, scan.problem.indexOf(':')), 1, Integer::sum);
                first = first == null ? scan.problem : first;
                continue;
            }
            hashes[nValid] = scan.hash;
            sampleCounts[nValid] = scan.samples;
            droppedCounts[nValid] = scan.dropped;
            valid[nValid++] = i;
        }
        int partitions = partitionCount.get();
        boolean[] admitted = new boolean[nValid];
        int refused = admission.admit(hashes, nValid, admitted, clock.getAsLong());
        if (refused > 0) {
            rejected.merge("cardinality", refused, Integer::sum);
            if (first == null) {
                first = "cardinality: " + refused + " new series over bridge.limits.new-series-per-minute "
                        + limits.newSeriesPerMinute() + " (burst " + limits.newSeriesBurst() + ")";
            }
        }
        int dropped = 0;
        for (int k = 0; k < nValid; k++) {
            dropped += droppedCounts[k];
        }
        notForwarded += dropped;
        // Pass 3: the accepted series, byte for byte, regrouped by partition.
        List<WritePlan.Batch> records = new ArrayList<>();
        if (partitions == 1 && refused == 0 && rejected.isEmpty() && notForwarded == 0
                && samples <= MAX_SAMPLES_PER_RECORD && nValid == n) {
            records.add(new WritePlan.Batch(0, body, n, samples)); // forwarded as received
            return new WritePlan(records, n, samples, rejected, first, 0);
        }
        PartitionBuffer[] out = new PartitionBuffer[partitions];
        for (int k = 0; k < nValid; k++) {
            if (!admitted[k] || sampleCounts[k] == 0) {
                continue;
            }
            int p = SeriesScan.partition(hashes[k], partitions);
            if (out[p] == null) {
                out[p] = new PartitionBuffer(p, raw.length / partitions + 64);
            }
            int i = valid[k];
            if (droppedCounts[k] == 0) {
                out[p].addSeries(raw, spans[2 * i], spans[2 * i + 1], sampleCounts[k], records);
            } else {
                scan.scan(raw, spans[2 * i], spans[2 * i + 1]);
                out[p].addKept(raw, scan, records);
            }
        }
        for (PartitionBuffer b : out) {
            if (b != null) {
                b.flush(records);
            }
        }
        return new WritePlan(records, n, samples, rejected, first, notForwarded);
    }

    private byte[] decompress(byte[] body) throws RejectedRequest {
        try {
            int length = Snappy.uncompressedLength(body);
            if (length < 0 || length > limits.maxDecodedBytes()) {
                throw new RejectedRequest(413, "decoded_too_large", "body decompresses to " + length
                        + " bytes, above bridge.limits.max-decoded-bytes " + limits.maxDecodedBytes());
            }
            return Snappy.uncompress(body);
        } catch (IOException e) {
            throw new RejectedRequest(400, "bad_snappy", "body is not snappy block format: " + e.getMessage());
        }
    }

    /** Accepted series of one partition as an encoded WriteRequest, cut into records of at most MAX_SAMPLES_PER_RECORD. */
    private static final class PartitionBuffer {
        final int partition;
        byte[] buf;
        int size;
        int series;
        int samples;

        PartitionBuffer(int partition, int capacity) {
            this.partition = partition;
            this.buf = new byte[capacity];
        }

        void addSeries(byte[] raw, int from, int to, int n, List<WritePlan.Batch> records) {
            beforeAdd(n, records);
            header(to - from);
            put(raw, from, to - from);
        }

        void addKept(byte[] raw, SeriesScan scan, List<WritePlan.Batch> records) {
            beforeAdd(scan.samples, records);
            header(scan.forwardedLength());
            for (int i = 0; i < scan.keptCount; i++) {
                put(raw, scan.kept[2 * i], scan.kept[2 * i + 1] - scan.kept[2 * i]);
            }
        }

        private void beforeAdd(int n, List<WritePlan.Batch> records) {
            if (samples > 0 && samples + n > MAX_SAMPLES_PER_RECORD) {
                flush(records);
            }
            series++;
            samples += n;
        }

        /** Field 1 (timeseries), wire type LEN, then the length. */
        private void header(int length) {
            ensure(6);
            buf[size++] = (byte) (1 << 3 | ProtoCursor.LEN);
            int v = length;
            while ((v & ~0x7f) != 0) {
                buf[size++] = (byte) ((v & 0x7f) | 0x80);
                v >>>= 7;
            }
            buf[size++] = (byte) v;
        }

        private void put(byte[] src, int from, int n) {
            ensure(n);
            System.arraycopy(src, from, buf, size, n);
            size += n;
        }

        private void ensure(int n) {
            if (size + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
            }
        }

        void flush(List<WritePlan.Batch> records) {
            if (series == 0) {
                return;
            }
            try {
                byte[] out = new byte[Snappy.maxCompressedLength(size)];
                int n = Snappy.compress(buf, 0, size, out, 0);
                records.add(new WritePlan.Batch(partition, Arrays.copyOf(out, n), series, samples));
            } catch (IOException e) {
                throw new UncheckedIOException("snappy could not compress a WriteRequest", e);
            }
            size = 0;
            series = 0;
            samples = 0;
        }
    }
}
