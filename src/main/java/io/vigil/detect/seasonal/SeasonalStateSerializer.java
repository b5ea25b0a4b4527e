package io.vigil.detect.seasonal;

import io.vigil.model.CompactSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** Writes a {@link SeasonalState} by hand, component by component: read and written at every point. */
public final class SeasonalStateSerializer extends CompactSerializer<SeasonalState> {
    private static final long serialVersionUID = 1L;

    @Override
    protected void write(SeasonalState s, DataOutputView out) throws IOException {
        out.writeInt(s.version());
        writeFloats(s.bucketMeans(), out);
        writeBytes(s.bucketCounts(), out);
        out.writeInt(s.bucketHead());
        out.writeInt(s.bucketCount());
        out.writeLong(s.newestBucketMs());
        out.writeLong(s.currentBucketMs());
        out.writeDouble(s.currentSum());
        out.writeInt(s.currentCount());
        out.writeDouble(s.currentMin());
        out.writeDouble(s.currentMax());
        writeFloats(s.residuals(), out);
        out.writeInt(s.residualHead());
        out.writeInt(s.residualCount());
        out.writeInt(s.residualsSinceScale());
        writeDoubles(s.beta(), out);
        out.writeLong(s.originMs());
        out.writeLong(s.spanMs());
        out.writeDouble(s.yScale());
        out.writeBoolean(s.logScale());
        out.writeInt(s.changepoints());
        out.writeInt(s.dailyOrder());
        out.writeInt(s.weeklyOrder());
        writeStrings(s.eventNames(), out);
        out.writeDouble(s.sigma());
        out.writeDouble(s.center());
        out.writeDouble(s.scale());
        out.writeDouble(s.drift());
        out.writeDouble(s.widen());
        out.writeLong(s.firstSeenMs());
        out.writeLong(s.lastFitMs());
        out.writeLong(s.lastResidualMs());
        out.writeLong(s.stepMs());
    }

    @Override
    protected SeasonalState read(DataInputView in, int format) throws IOException {
        return new SeasonalState(in.readInt(), readFloats(in), readBytes(in), in.readInt(), in.readInt(),
                in.readLong(), in.readLong(), in.readDouble(), in.readInt(), in.readDouble(), in.readDouble(),
                readFloats(in), in.readInt(), in.readInt(), in.readInt(), readDoubles(in), in.readLong(),
                in.readLong(), in.readDouble(), in.readBoolean(), in.readInt(), in.readInt(), in.readInt(),
                readStrings(in), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(),
                in.readLong(), in.readLong(), in.readLong(), in.readLong());
    }
}
