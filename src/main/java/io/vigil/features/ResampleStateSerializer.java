package io.vigil.features;

import io.vigil.model.CompactSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * Writes a {@link ResampleState} by hand, its cursor and open steps inline: read and written with
 * every sample. Format 2 appends the series' identity bytes; format 1 values have none.
 */
public final class ResampleStateSerializer extends CompactSerializer<ResampleState> {
    private static final long serialVersionUID = 1L;

    @Override
    public int format() {
        return 2;
    }

    @Override
    protected void write(ResampleState s, DataOutputView out) throws IOException {
        SeriesCursor c = s.cursor();
        out.writeBoolean(c != null);
        if (c != null) {
            writeString(c.metric(), out);
            writeStringMap(c.labels(), out);
            out.writeBoolean(c.counter());
            out.writeLong(c.lastStep());
            out.writeDouble(c.lastValue());
            out.writeLong(c.counterTs());
            out.writeDouble(c.counterValue());
            out.writeLong(c.lastSampleTs());
            out.writeLong(c.staleAt());
            out.writeLong(c.expiryTimer());
            writeInts(c.recentGaps(), out);
            out.writeInt(c.gapHead());
        }
        StepAccumulator[] open = s.open();
        out.writeInt(open == null ? -1 : open.length);
        for (int i = 0; open != null && i < open.length; i++) {
            StepAccumulator a = open[i];
            out.writeBoolean(a != null);
            if (a != null) {
                out.writeLong(a.stepStart());
                out.writeDouble(a.sum());
                out.writeInt(a.count());
                out.writeLong(a.lastTs());
                out.writeDouble(a.lastValue());
            }
        }
        out.writeInt(s.overflow());
        writeBytes(s.identity(), out);
    }

    @Override
    protected ResampleState read(DataInputView in, int format) throws IOException {
        SeriesCursor cursor = !in.readBoolean() ? null : new SeriesCursor(readString(in), readStringMap(in),
                in.readBoolean(), in.readLong(), in.readDouble(), in.readLong(), in.readDouble(), in.readLong(),
                in.readLong(), in.readLong(), readInts(in), in.readInt());
        int n = in.readInt();
        StepAccumulator[] open = n < 0 ? null : new StepAccumulator[n];
        for (int i = 0; i < n; i++) {
            open[i] = !in.readBoolean() ? null
                    : new StepAccumulator(in.readLong(), in.readDouble(), in.readInt(), in.readLong(), in.readDouble());
        }
        int overflow = in.readInt();
        return new ResampleState(cursor, open, overflow, format >= 2 ? readBytes(in) : null);
    }
}
