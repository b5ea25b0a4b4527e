package io.vigil.model;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * A {@link CompactSerializer}'s class and the format it wrote. Restored, it gives a serializer that
 * reads that format. The current serializer reads as-is what it wrote itself; bytes of an older
 * format, or of Flink's POJO serializer (the layout before a record got its compact serializer),
 * after migration; anything else (another class, a newer format) not at all.
 */
public final class CompactSerializerSnapshot<T> implements TypeSerializerSnapshot<T> {
    private static final int VERSION = 1;
    private String serializerClass;
    private int format;
    private ClassLoader classLoader;

    /** For Flink, which reads the snapshot into it. */
    public CompactSerializerSnapshot() {}

    CompactSerializerSnapshot(String serializerClass, int format) {
        this.serializerClass = serializerClass;
        this.format = format;
        this.classLoader = Thread.currentThread().getContextClassLoader();
    }

    @Override
    public int getCurrentVersion() {
        return VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
        out.writeUTF(serializerClass);
        out.writeInt(format);
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader loader) throws IOException {
        if (readVersion != VERSION) {
            throw new IOException("compact serializer snapshot of version " + readVersion
                    + "; this version of Vigil reads " + VERSION);
        }
        serializerClass = in.readUTF();
        format = in.readInt();
        classLoader = loader;
    }

    @Override
    @SuppressWarnings("unchecked")
    public TypeSerializer<T> restoreSerializer() {
        try {
            ClassLoader loader = classLoader != null ? classLoader : getClass().getClassLoader();
            CompactSerializer<T> s = (CompactSerializer<T>) Class.forName(serializerClass, true, loader)
                    .getDeclaredConstructor().newInstance();
            if (format > s.format()) {
                throw new IllegalStateException(serializerClass + " state of format " + format
                        + " was written by a newer version of Vigil; this one reads up to " + s.format());
            }
            s.readFormat(format);
            return s;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot restore the state serializer " + serializerClass, e);
        }
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> old) {
        if (old instanceof CompactSerializerSnapshot<T> before && before.serializerClass.equals(serializerClass)) {
            if (before.format == format) {
                return TypeSerializerSchemaCompatibility.compatibleAsIs();
            }
            return before.format < format ? TypeSerializerSchemaCompatibility.compatibleAfterMigration()
                    : TypeSerializerSchemaCompatibility.incompatible();
        }
        return old instanceof PojoSerializerSnapshot ? TypeSerializerSchemaCompatibility.compatibleAfterMigration()
                : TypeSerializerSchemaCompatibility.incompatible();
    }
}
