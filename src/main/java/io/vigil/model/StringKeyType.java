package io.vigil.model;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** The type of the series and entity keys, with {@link StringKeySerializer}. */
public final class StringKeyType extends OpaqueTypeInfo<String> {
    private static final long serialVersionUID = 1L;
    public static final StringKeyType INSTANCE = new StringKeyType();

    private StringKeyType() {
        super(String.class);
    }

    @Override
    public boolean isKeyType() {
        return true;
    }

    @Override
    public TypeSerializer<String> createSerializer(SerializerConfig config) {
        return StringKeySerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "StringKey";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StringKeyType;
    }

    @Override
    public int hashCode() {
        return StringKeyType.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof StringKeyType;
    }
}
