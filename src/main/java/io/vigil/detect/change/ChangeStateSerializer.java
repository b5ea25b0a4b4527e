package io.vigil.detect.change;

import io.vigil.model.CompactSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** Writes a {@link ChangeState} by hand, component by component: read and written at every point. */
public final class ChangeStateSerializer extends CompactSerializer<ChangeState> {
    private static final long serialVersionUID = 1L;

    @Override
    protected void write(ChangeState s, DataOutputView out) throws IOException {
        out.writeInt(s.version());
        out.writeInt(s.source());
        out.writeDouble(s.up());
        out.writeDouble(s.down());
        out.writeDouble(s.spread());
        out.writeDouble(s.last());
        out.writeDouble(s.lagProduct());
        out.writeDouble(s.square());
        out.writeDouble(s.variance());
        out.writeDouble(s.seen());
        out.writeLong(s.changeSinceMs());
        out.writeBoolean(s.relearning());
    }

    @Override
    protected ChangeState read(DataInputView in, int format) throws IOException {
        return new ChangeState(in.readInt(), in.readInt(), in.readDouble(), in.readDouble(), in.readDouble(),
                in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readLong(),
                in.readBoolean());
    }
}
