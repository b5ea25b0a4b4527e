package io.vigil.detect.calibrate;

import io.vigil.model.CompactSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** Writes a {@link CalibrationState} by hand, component by component: read and written at every point. */
public final class CalibrationStateSerializer extends CompactSerializer<CalibrationState> {
    private static final long serialVersionUID = 1L;

    @Override
    protected void write(CalibrationState s, DataOutputView out) throws IOException {
        out.writeInt(s.version());
        out.writeDouble(s.seen());
        out.writeDouble(s.exceedances());
        writeFloats(s.excesses(), out);
        out.writeInt(s.head());
        out.writeInt(s.count());
        out.writeDouble(s.shape());
        out.writeDouble(s.scale());
        out.writeDouble(s.clusterMax());
        out.writeInt(s.quiet());
    }

    @Override
    protected CalibrationState read(DataInputView in, int format) throws IOException {
        return new CalibrationState(in.readInt(), in.readDouble(), in.readDouble(), readFloats(in), in.readInt(),
                in.readInt(), in.readDouble(), in.readDouble(), in.readDouble(), in.readInt());
    }
}
