package io.vigil.features;

import io.vigil.model.CompactSerializer;
import io.vigil.model.CompactTypeInfo;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** Writes a {@link FeatureWindowState} by hand, component by component: read and written at every point. */
public final class FeatureWindowStateSerializer extends CompactSerializer<FeatureWindowState> {
    private static final long serialVersionUID = 1L;

    @Override
    public int format() {
        return 1;
    }

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

    /** Named by {@link FeatureWindowState}'s {@code @TypeInfo}. */
    public static final class TypeFactory extends CompactTypeInfo.Factory<FeatureWindowState> {
        public TypeFactory() {
            super(FeatureWindowState.class, FeatureWindowStateSerializer.class);
        }
    }
}
