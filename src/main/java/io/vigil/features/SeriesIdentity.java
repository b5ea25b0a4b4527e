package io.vigil.features;

import io.vigil.model.StringBytes;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * What names a series on its grid points. The resampler keeps it as bytes inside its per-sample
 * value ({@link ResampleState#identity}) and decodes it only when a step closes: a value of its own
 * cost a state read per step that, written once when the series started, was never in RocksDB's
 * memtable. Also the state value {@code resample-identity-v1} of builds that kept it apart.
 */
public record SeriesIdentity(String metric, Map<String, String> labels) {

    /** The metric, then the label count and each name and value, by {@link StringBytes}. */
    public byte[] toBytes() {
        try {
            DataOutputSerializer out = new DataOutputSerializer(256);
            StringBytes.write(metric, out);
            Map<String, String> l = labels == null ? Map.of() : labels;
            out.writeInt(labels == null ? -1 : l.size());
            for (Map.Entry<String, String> e : l.entrySet()) {
                StringBytes.write(e.getKey(), out);
                StringBytes.write(e.getValue(), out);
            }
            return out.getCopyOfBuffer();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the identity of " + metric, e);
        }
    }

    /** Labels come back sorted by name, as ingest builds them. */
    public static SeriesIdentity fromBytes(byte[] bytes) {
        try {
            DataInputDeserializer in = new DataInputDeserializer(bytes);
            String metric = StringBytes.read(in);
            int n = in.readInt();
            Map<String, String> labels = n < 0 ? null : new TreeMap<>();
            for (int i = 0; i < n; i++) {
                labels.put(StringBytes.read(in), StringBytes.read(in));
            }
            return new SeriesIdentity(metric, labels);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode a series identity of " + bytes.length + " bytes", e);
        }
    }
}
