package io.vigil.detect.entity;

import io.vigil.model.CompactSerializer;
import io.vigil.model.ScoredPoint;
import io.vigil.model.ScoredPointSerializer;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link PendingStep} by hand: read and written at every point of an entity member; its held
 * points are nested {@link ScoredPoint}s.
 */
public final class PendingStepSerializer extends CompactSerializer<PendingStep> {
    private static final long serialVersionUID = 1L;
    private static final ScoredPointSerializer POINTS = new ScoredPointSerializer();

    @Override
    protected void write(PendingStep s, DataOutputView out) throws IOException {
        out.writeInt(s.version());
        writeDoubles(s.deviations(), out);
        writeDoubles(s.scores(), out);
        writeDoubles(s.values(), out);
        writeDoubles(s.expected(), out);
        writeInts(s.alerting(), out);
        List<ScoredPoint> held = s.held();
        out.writeInt(held == null ? -1 : held.size());
        if (held != null) {
            for (ScoredPoint p : held) {
                writeNested(p, POINTS, out);
            }
        }
        out.writeDouble(s.relation());
        out.writeBoolean(s.reported());
    }

    @Override
    protected PendingStep read(DataInputView in, int format) throws IOException {
        int version = in.readInt();
        double[] deviations = readDoubles(in);
        double[] scores = readDoubles(in);
        double[] values = readDoubles(in);
        double[] expected = readDoubles(in);
        int[] alerting = readInts(in);
        int n = in.readInt();
        List<ScoredPoint> held = n < 0 ? null : new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            held.add(readNested(POINTS, in));
        }
        return new PendingStep(version, deviations, scores, values, expected, alerting, held, in.readDouble(),
                in.readBoolean());
    }
}
