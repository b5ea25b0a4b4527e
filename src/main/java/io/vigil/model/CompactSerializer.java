package io.vigil.model;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * A serializer written by hand for a record read and written at every point. Flink's POJO serializer
 * gets every component by reflection, boxes it, and builds the record through its constructor by
 * reflection: on the hot path that cost more than the state access itself. A subclass writes its
 * record's components in order and says which {@link #format} it writes; the format goes into the
 * snapshot, so a value written in an older format is read by a serializer restored for that format
 * and migrated, and a value Flink's POJO serializer wrote (before) is migrated the same way: read by
 * it, written by this ({@link CompactSerializerSnapshot}). Subclasses need a public no-argument
 * constructor and keep no state (one instance serves every thread); a record names its own with
 * {@link WrittenBy}.
 */
public abstract class CompactSerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;

    /** The format this instance reads: {@link #format()} but in one restored for older bytes. */
    private int readFormat;

    protected CompactSerializer() {
        this.readFormat = format();
    }

    /**
     * The format this serializer writes, 1 until its bytes first change: then override it, raised,
     * and read the old format in {@link #read}.
     */
    public int format() {
        return 1;
    }

    protected abstract void write(T value, DataOutputView out) throws IOException;

    /** A value written in {@code format}, which is {@link #format()} or an older one. */
    protected abstract T read(DataInputView in, int format) throws IOException;

    /** Set once, by the snapshot that restores this serializer for bytes of an older format. */
    final void readFormat(int format) {
        this.readFormat = format;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<T> duplicate() {
        return this;
    }

    @Override
    public T createInstance() {
        return null;
    }

    /** A deep copy, by writing and reading the value (records share arrays otherwise; copies are rare). */
    @Override
    public T copy(T from) {
        if (from == null) {
            return null;
        }
        try {
            DataOutputSerializer out = new DataOutputSerializer(256);
            write(from, out);
            return read(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()), format());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy a " + getClass().getSimpleName() + " value", e);
        }
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(T value, DataOutputView out) throws IOException {
        write(value, out);
    }

    @Override
    public T deserialize(DataInputView in) throws IOException {
        return read(in, readFormat);
    }

    @Override
    public T deserialize(T reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        write(deserialize(source), target);
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((CompactSerializer<?>) o).readFormat == readFormat;
    }

    @Override
    public int hashCode() {
        return 31 * getClass().hashCode() + readFormat;
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        return new CompactSerializerSnapshot<>(getClass().getName(), format());
    }

    // Component codecs; a null array, string or map is written as length -1.

    protected static void writeDoubles(double[] a, DataOutputView out) throws IOException {
        out.writeInt(a == null ? -1 : a.length);
        if (a != null) {
            for (double v : a) {
                out.writeDouble(v);
            }
        }
    }

    protected static double[] readDoubles(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readDouble();
        }
        return a;
    }

    protected static void writeFloats(float[] a, DataOutputView out) throws IOException {
        out.writeInt(a == null ? -1 : a.length);
        if (a != null) {
            for (float v : a) {
                out.writeFloat(v);
            }
        }
    }

    protected static float[] readFloats(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readFloat();
        }
        return a;
    }

    protected static void writeInts(int[] a, DataOutputView out) throws IOException {
        out.writeInt(a == null ? -1 : a.length);
        if (a != null) {
            for (int v : a) {
                out.writeInt(v);
            }
        }
    }

    protected static int[] readInts(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readInt();
        }
        return a;
    }

    protected static void writeBytes(byte[] a, DataOutputView out) throws IOException {
        out.writeInt(a == null ? -1 : a.length);
        if (a != null) {
            out.write(a);
        }
    }

    protected static byte[] readBytes(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] a = new byte[n];
        in.readFully(a);
        return a;
    }

    /**
     * A record that another compact serializer writes, or null. Its bytes go inline, without that
     * serializer's format: a new format of {@code by} needs a new format of the serializer using it.
     */
    protected static <R> void writeNested(R value, CompactSerializer<R> by, DataOutputView out) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            by.write(value, out);
        }
    }

    protected static <R> R readNested(CompactSerializer<R> by, DataInputView in) throws IOException {
        return in.readBoolean() ? by.read(in, by.format()) : null;
    }

    /** A string or null. */
    protected static void writeString(String s, DataOutputView out) throws IOException {
        StringBytes.write(s, out);
    }

    protected static String readString(DataInputView in) throws IOException {
        return StringBytes.read(in);
    }

    protected static void writeStrings(String[] a, DataOutputView out) throws IOException {
        out.writeInt(a == null ? -1 : a.length);
        if (a != null) {
            for (String s : a) {
                writeString(s, out);
            }
        }
    }

    protected static String[] readStrings(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        String[] a = new String[n];
        for (int i = 0; i < n; i++) {
            a[i] = readString(in);
        }
        return a;
    }

    /** Labels and the like, read back as a {@link HashMap} (as Flink's map serializer does). */
    protected static void writeStringMap(Map<String, String> m, DataOutputView out) throws IOException {
        out.writeInt(m == null ? -1 : m.size());
        if (m != null) {
            for (Map.Entry<String, String> e : m.entrySet()) {
                writeString(e.getKey(), out);
                writeString(e.getValue(), out);
            }
        }
    }

    protected static Map<String, String> readStringMap(DataInputView in) throws IOException {
        return readStringMap(in, n -> new HashMap<>(n * 4 / 3 + 1));
    }

    /** A map {@link #writeStringMap} wrote, into the map {@code newMap} makes for its size. */
    protected static Map<String, String> readStringMap(DataInputView in, IntFunction<Map<String, String>> newMap)
            throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        Map<String, String> m = newMap.apply(n);
        for (int i = 0; i < n; i++) {
            String k = readString(in);
            m.put(k, readString(in));
        }
        return m;
    }
}
