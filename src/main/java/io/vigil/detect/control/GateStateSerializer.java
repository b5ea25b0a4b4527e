package io.vigil.detect.control;

import io.vigil.model.CompactSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** Writes a {@link GateState} by hand, component by component: read and written at every point. */
public final class GateStateSerializer extends CompactSerializer<GateState> {
    private static final long serialVersionUID = 1L;

    @Override
    protected void write(GateState s, DataOutputView out) throws IOException {
        out.writeInt(s.version());
        out.writeLong(s.recent());
        out.writeBoolean(s.active());
        out.writeLong(s.quietUntilMs());
        out.writeDouble(s.peak());
    }

    @Override
    protected GateState read(DataInputView in, int format) throws IOException {
        return new GateState(in.readInt(), in.readLong(), in.readBoolean(), in.readLong(), in.readDouble());
    }
}
