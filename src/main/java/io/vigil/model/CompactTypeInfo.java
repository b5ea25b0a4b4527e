package io.vigil.model;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

import java.lang.reflect.Type;
import java.util.Map;
import java.util.Objects;

/**
 * The type of a record with a {@link CompactSerializer}. A record takes it with
 * {@code @TypeInfo(ItsSerializer.Types.class)}, where {@code Types} extends {@link Factory}; Flink
 * then uses the serializer wherever the record goes (state, the network), and
 * {@code TypeInformation.of(type)} finds it.
 */
public final class CompactTypeInfo<T> extends OpaqueTypeInfo<T> {
    private static final long serialVersionUID = 1L;
    private final Class<T> type;
    private final Class<? extends CompactSerializer<T>> serializer;

    public CompactTypeInfo(Class<T> type, Class<? extends CompactSerializer<T>> serializer) {
        super(type);
        this.type = type;
        this.serializer = serializer;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        try {
            return serializer.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + serializer.getName(), e);
        }
    }

    @Override
    public String toString() {
        return "Compact<" + type.getSimpleName() + ">";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompactTypeInfo<?> c && c.type == type && c.serializer == serializer;
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, serializer);
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof CompactTypeInfo;
    }

    /** Base of the factory a record names in its {@code @TypeInfo}. */
    public abstract static class Factory<T> extends TypeInfoFactory<T> {
        private final Class<T> type;
        private final Class<? extends CompactSerializer<T>> serializer;

        protected Factory(Class<T> type, Class<? extends CompactSerializer<T>> serializer) {
            this.type = type;
            this.serializer = serializer;
        }

        @Override
        public TypeInformation<T> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new CompactTypeInfo<>(type, serializer);
        }
    }
}
