package io.vigil.model;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** The type of string keys (series, entities, scopes) with {@link StringKeySerializer}. */
public final class StringKeyType extends TypeInformation<String> {
    private static final long serialVersionUID = 1L;
    public static final StringKeyType INSTANCE = new StringKeyType();

    private StringKeyType() {}

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<String> getTypeClass() {
        return String.class;
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
