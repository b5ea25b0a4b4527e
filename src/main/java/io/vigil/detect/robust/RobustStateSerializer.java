package io.vigil.detect.robust;

import io.vigil.model.CompactSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** Writes a {@link RobustState} by hand, component by component: read and written at every point. */
public final class RobustStateSerializer extends CompactSerializer<RobustState> {
    private static final long serialVersionUID = 1L;

    @Override
    protected void write(RobustState s, DataOutputView out) throws IOException {
        out.writeInt(s.version());
        writeDoubles(s.ring(), out);
        out.writeInt(s.head());
        out.writeInt(s.count());
    }

    @Override
    protected RobustState read(DataInputView in, int format) throws IOException {
        return new RobustState(in.readInt(), readDoubles(in), in.readInt(), in.readInt());
    }
}
