package io.vigil.detect.robust;

import io.vigil.model.CompactSerializer;
import io.vigil.model.CompactTypeInfo;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** Writes a {@link RobustState} by hand, component by component: read and written at every point. */
public final class RobustStateSerializer extends CompactSerializer<RobustState> {
    private static final long serialVersionUID = 1L;

    @Override
    public int format() {
        return 1;
    }

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

    /** Named by {@link RobustState}'s {@code @TypeInfo}. */
    public static final class TypeFactory extends CompactTypeInfo.Factory<RobustState> {
        public TypeFactory() {
            super(RobustState.class, RobustStateSerializer.class);
        }
    }
}
