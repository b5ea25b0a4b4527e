package io.vigil.detect.entity;

import io.vigil.detect.calibrate.CalibrationState;
import io.vigil.detect.calibrate.CalibrationStateSerializer;
import io.vigil.model.CompactSerializer;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** Writes an {@link EntityLearning} by hand: read and written once per entity per step. */
public final class EntityLearningSerializer extends CompactSerializer<EntityLearning> {
    private static final long serialVersionUID = 1L;
    private static final CalibrationStateSerializer CALIBRATION = new CalibrationStateSerializer();

    @Override
    protected void write(EntityLearning l, DataOutputView out) throws IOException {
        out.writeInt(l.version());
        writeDoubles(l.moments(), out);
        out.writeDouble(l.weight());
        writeNested(l.calibration(), CALIBRATION, out);
        out.writeInt(l.recent());
        out.writeLong(l.startMs());
    }

    @Override
    protected EntityLearning read(DataInputView in, int format) throws IOException {
        int version = in.readInt();
        double[] moments = readDoubles(in);
        double weight = in.readDouble();
        CalibrationState calibration = readNested(CALIBRATION, in);
        return new EntityLearning(version, moments, weight, calibration, in.readInt(), in.readLong());
    }
}
