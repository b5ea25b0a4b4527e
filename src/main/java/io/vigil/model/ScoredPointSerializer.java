package io.vigil.model;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link ScoredPoint} by hand, component by component: an entity member's every point
 * crosses to its entity's judge, and anomalies and evidence to the correlate stage.
 */
public final class ScoredPointSerializer extends CompactSerializer<ScoredPoint> {
    private static final long serialVersionUID = 1L;
    /** Directions go by ordinal: new ones are appended to {@link Direction}, never inserted. */
    private static final Direction[] DIRECTIONS = Direction.values();

    @Override
    protected void write(ScoredPoint p, DataOutputView out) throws IOException {
        writeString(p.series(), out);
        writeString(p.metric(), out);
        writeStringMap(p.labels(), out);
        writeString(p.service(), out);
        out.writeLong(p.timestampMs());
        out.writeDouble(p.value());
        out.writeDouble(p.expected());
        out.writeDouble(p.lower());
        out.writeDouble(p.upper());
        out.writeDouble(p.score());
        out.writeByte(p.direction() == null ? -1 : p.direction().ordinal());
        Map<String, Double> detectors = p.detectors();
        out.writeInt(detectors == null ? -1 : detectors.size());
        if (detectors != null) {
            for (Map.Entry<String, Double> e : detectors.entrySet()) {
                writeString(e.getKey(), out);
                out.writeBoolean(e.getValue() != null);
                if (e.getValue() != null) {
                    out.writeDouble(e.getValue());
                }
            }
        }
        out.writeBoolean(p.anomalous());
        writeString(p.entity(), out);
        List<Contributor> contributors = p.contributors();
        out.writeInt(contributors == null ? -1 : contributors.size());
        if (contributors != null) {
            for (Contributor c : contributors) {
                writeString(c.series(), out);
                out.writeDouble(c.value());
                out.writeDouble(c.typical());
                out.writeDouble(c.share());
            }
        }
        out.writeLong(p.intervalMs());
        writeString(p.model(), out);
    }

    @Override
    protected ScoredPoint read(DataInputView in, int format) throws IOException {
        String series = readString(in);
        String metric = readString(in);
        Map<String, String> labels = readStringMap(in);
        String service = readString(in);
        long ts = in.readLong();
        double value = in.readDouble();
        double expected = in.readDouble();
        double lower = in.readDouble();
        double upper = in.readDouble();
        double score = in.readDouble();
        int direction = in.readByte();
        int n = in.readInt();
        Map<String, Double> detectors = n < 0 ? null : new HashMap<>(n * 4 / 3 + 1);
        for (int i = 0; i < n; i++) {
            String name = readString(in);
            detectors.put(name, in.readBoolean() ? in.readDouble() : null);
        }
        boolean anomalous = in.readBoolean();
        String entity = readString(in);
        int m = in.readInt();
        List<Contributor> contributors = m < 0 ? null : new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            contributors.add(new Contributor(readString(in), in.readDouble(), in.readDouble(), in.readDouble()));
        }
        return new ScoredPoint(series, metric, labels, service, ts, value, expected, lower, upper, score,
                direction < 0 ? null : DIRECTIONS[direction], detectors, anomalous, entity, contributors, in.readLong(),
                readString(in));
    }
}
