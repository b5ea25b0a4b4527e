package io.vigil.detect.iforest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One model (manifest entry and forest) as bytes, the form in which a model fitted in the stream
 * travels to the scorers and sits in their broadcast state: no Smile object and no Kryo.
 */
public final class ModelBytes {
    private static final int VERSION = 1;

    private ModelBytes() {}

    public static byte[] of(ForestModels.Model m) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(VERSION);
            out.writeUTF(m.kind());
            out.writeUTF(m.key());
            out.writeInt(m.features().size());
            for (String f : m.features()) {
                out.writeUTF(f);
            }
            out.writeDouble(m.threshold());
            doubles(out, m.center());
            doubles(out, m.scale());
            out.writeDouble(m.tail().u());
            doubles(out, m.tail().sortedTop());
            out.writeInt(m.tail().rows());
            out.writeInt(m.rowsUsed());
            out.writeInt(m.rowsExcluded());
            byte[] forest = m.forest().toBytes();
            out.writeInt(forest.length);
            out.write(forest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads {@link #of}'s bytes; {@code what} names them in errors. */
    public static ForestModels.Model read(byte[] bytes, String what) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readInt();
            if (version != VERSION) {
                throw new IllegalArgumentException(what + ": model bytes version " + version + ", this Vigil reads " + VERSION);
            }
            String kind = in.readUTF();
            String key = in.readUTF();
            int n = length(in, 2, what);
            List<String> features = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                features.add(in.readUTF());
            }
            double threshold = in.readDouble();
            double[] center = doubles(in, what);
            double[] scale = doubles(in, what);
            ScoreTail tail = new ScoreTail(in.readDouble(), doubles(in, what), in.readInt());
            int used = in.readInt();
            int excluded = in.readInt();
            byte[] forest = new byte[length(in, 1, what)];
            in.readFully(forest);
            return new ForestModels.Model(kind, key, List.copyOf(features), threshold, center, scale, tail, used,
                    excluded, CompactForest.fromBytes(forest, what));
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": truncated model bytes (" + e.getMessage() + ")");
        }
    }

    private static void doubles(DataOutputStream out, double[] v) throws IOException {
        out.writeInt(v.length);
        for (double x : v) {
            out.writeDouble(x);
        }
    }

    /**
     * A length prefix, refused when the bytes left cannot hold that many elements: a corrupt or
     * forged file must not size an array from it (a negative size, or gigabytes).
     */
    public static int length(DataInputStream in, int elementBytes, String what) throws IOException {
        int n = in.readInt();
        if (n < 0 || (long) n * elementBytes > in.available()) {
            throw new IllegalArgumentException(what + ": corrupt model bytes (a length of " + n + " with "
                    + in.available() + " bytes left)");
        }
        return n;
    }

    private static double[] doubles(DataInputStream in, String what) throws IOException {
        double[] v = new double[length(in, 8, what)];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.readDouble();
        }
        return v;
    }
}
