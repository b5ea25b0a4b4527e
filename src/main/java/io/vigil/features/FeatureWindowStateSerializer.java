package io.vigil.features;

import io.vigil.model.CompactSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** Writes a {@link FeatureWindowState} by hand, component by component: read and written at every point. */
public final class FeatureWindowStateSerializer extends CompactSerializer<FeatureWindowState> {
    private static final long serialVersionUID = 1L;

    @Override
    protected void write(FeatureWindowState s, DataOutputView out) throws IOException {
        out.writeInt(s.version());
        writeDoubles(s.ring(), out);
        out.writeInt(s.head());
        out.writeLong(s.count());
        out.writeDouble(s.ewma());
    }

    @Override
    protected FeatureWindowState read(DataInputView in, int format) throws IOException {
        return new FeatureWindowState(in.readInt(), readDoubles(in), in.readInt(), in.readLong(), in.readDouble());
    }
}
