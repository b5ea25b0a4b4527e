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
 * {@code @TypeInfo(CompactTypeInfo.Factory.class)} and names its serializer with {@link WrittenBy};
 * Flink then uses the serializer wherever the record goes (state, the network), and
 * {@code TypeInformation.of(type)} finds it.
 */
public final class CompactTypeInfo<T> extends OpaqueTypeInfo<T> {
    private static final long serialVersionUID = 1L;
    private final Class<? extends CompactSerializer<T>> serializer;

    public CompactTypeInfo(Class<T> type, Class<? extends CompactSerializer<T>> serializer) {
        super(type);
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
        return "Compact<" + getTypeClass().getSimpleName() + ">";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompactTypeInfo<?> c && c.getTypeClass() == getTypeClass() && c.serializer == serializer;
    }

    @Override
    public int hashCode() {
        return Objects.hash(getTypeClass(), serializer);
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof CompactTypeInfo;
    }

    /** The factory every compact record names in its {@code @TypeInfo}: the serializer is its {@link WrittenBy}. */
    public static final class Factory<T> extends TypeInfoFactory<T> {
        @Override
        @SuppressWarnings("unchecked")
        public TypeInformation<T> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            Class<T> type = (Class<T>) t;
            WrittenBy by = type.getAnnotation(WrittenBy.class);
            if (by == null) {
                throw new IllegalStateException(type.getName() + " takes CompactTypeInfo.Factory but names no "
                        + "@WrittenBy serializer");
            }
            return new CompactTypeInfo<>(type, (Class<? extends CompactSerializer<T>>) by.value());
        }
    }
}
