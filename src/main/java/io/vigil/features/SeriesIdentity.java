package io.vigil.features;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * What names a series on its grid points. The resampler keeps it as bytes inside its per-sample
 * value ({@link ResampleState#identity}) and decodes it only when a step closes: a value of its own
 * cost a state read per step that, written once when the series started, was never in RocksDB's
 * memtable ({@link SeriesIdentitySerializer} writes the bytes). Also the state value
 * {@code resample-identity-v1} of builds that kept it apart.
 */
public record SeriesIdentity(String metric, Map<String, String> labels) {
    private static final SeriesIdentitySerializer CODEC = new SeriesIdentitySerializer();

    public byte[] toBytes() {
        try {
            DataOutputSerializer out = new DataOutputSerializer(256);
            CODEC.serialize(this, out);
            return out.getCopyOfBuffer();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the identity of " + metric, e);
        }
    }

    /** Labels come back sorted by name, as ingest builds them. */
    public static SeriesIdentity fromBytes(byte[] bytes) {
        try {
            return CODEC.deserialize(new DataInputDeserializer(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode a series identity of " + bytes.length + " bytes", e);
        }
    }
}
