package io.vigil.features;

import io.vigil.model.CompactSerializer;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.TreeMap;

/**
 * A {@link SeriesIdentity} as the bytes {@link ResampleState#identity} holds: the metric, then the
 * labels, by the compact codecs. Labels come back sorted by name, as ingest builds them.
 */
final class SeriesIdentitySerializer extends CompactSerializer<SeriesIdentity> {
    private static final long serialVersionUID = 1L;

    @Override
    protected void write(SeriesIdentity id, DataOutputView out) throws IOException {
        writeString(id.metric(), out);
        writeStringMap(id.labels(), out);
    }

    @Override
    protected SeriesIdentity read(DataInputView in, int format) throws IOException {
        return new SeriesIdentity(readString(in), readStringMap(in, n -> new TreeMap<>()));
    }
}
