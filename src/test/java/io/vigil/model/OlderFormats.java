package io.vigil.model;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** Values written as an older build of a {@link CompactSerializer} wrote them, for restore tests. */
public final class OlderFormats {
    private OlderFormats() {}

    /** Writes a value as the older format did. */
    @FunctionalInterface
    public interface Writer<T> {
        void write(T value, DataOutputView out) throws IOException;
    }

    /**
     * A serializer that writes by {@code write} and whose snapshot says its values are
     * {@code current}'s format {@code format}, as a savepoint of that older build says.
     */
    public static <T> TypeSerializer<T> as(CompactSerializer<T> current, int format, Writer<T> write) {
        return new AsOlder<>(current, format, write);
    }

    private static final class AsOlder<T> extends CompactSerializer<T> {
        private static final long serialVersionUID = 1L;
        private final CompactSerializer<T> current;
        private final int olderFormat;
        private final transient Writer<T> writer;

        AsOlder(CompactSerializer<T> current, int olderFormat, Writer<T> writer) {
            this.current = current;
            this.olderFormat = olderFormat;
            this.writer = writer;
        }

        @Override
        public int format() {
            return olderFormat;
        }

        @Override
        protected void write(T value, DataOutputView out) throws IOException {
            writer.write(value, out);
        }

        @Override
        protected T read(DataInputView in, int format) throws IOException {
            return current.read(in, olderFormat);
        }

        @Override
        public TypeSerializerSnapshot<T> snapshotConfiguration() {
            return new CompactSerializerSnapshot<>(current.getClass().getName(), olderFormat);
        }
    }
}
