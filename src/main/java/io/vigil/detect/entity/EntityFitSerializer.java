package io.vigil.detect.entity;

import io.vigil.model.CompactSerializer;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** Writes an {@link EntityFit} by hand: read on an entity's first point of every step and at its step's end. */
public final class EntityFitSerializer extends CompactSerializer<EntityFit> {
    private static final long serialVersionUID = 1L;

    @Override
    protected void write(EntityFit f, DataOutputView out) throws IOException {
        out.writeInt(f.version());
        writeStrings(f.members(), out);
        writeStringMap(f.labels(), out);
        out.writeInt(f.n());
        writeDoubles(f.inverse(), out);
        writeInts(f.groups(), out);
        out.writeLong(f.fittedAtMs());
    }

    @Override
    protected EntityFit read(DataInputView in, int format) throws IOException {
        return new EntityFit(in.readInt(), readStrings(in), readStringMap(in), in.readInt(), readDoubles(in),
                readInts(in), in.readLong());
    }
}
