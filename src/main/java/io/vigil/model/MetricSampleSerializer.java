package io.vigil.model;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** Writes a {@link MetricSample} by hand, component by component: every sample crosses the network to its series. */
public final class MetricSampleSerializer extends CompactSerializer<MetricSample> {
    private static final long serialVersionUID = 1L;

    @Override
    protected void write(MetricSample s, DataOutputView out) throws IOException {
        writeString(s.series(), out);
        writeString(s.metric(), out);
        writeStringMap(s.labels(), out);
        out.writeLong(s.timestampMs());
        out.writeDouble(s.value());
        out.writeBoolean(s.stale());
        out.writeInt(s.partition());
        out.writeLong(s.offset());
    }

    @Override
    protected MetricSample read(DataInputView in, int format) throws IOException {
        return new MetricSample(readString(in), readString(in), readStringMap(in), in.readLong(), in.readDouble(),
                in.readBoolean(), in.readInt(), in.readLong());
    }
}
