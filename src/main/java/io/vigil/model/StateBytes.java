package io.vigil.model;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The size of a value as Flink writes it into state and checkpoints (its POJO/record serializer). */
public final class StateBytes {
    private StateBytes() {}

    public static <T> int of(Class<T> type, T value) {
        return serialize(type, value).length;
    }

    /** The value as a restore from a checkpoint would see it: written and read back. */
    public static <T> T roundTrip(Class<T> type, T value) {
        try {
            return serializer(type).deserialize(new DataInputDeserializer(serialize(type, value)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot deserialize " + type.getSimpleName(), e);
        }
    }

    private static <T> byte[] serialize(Class<T> type, T value) {
        DataOutputSerializer out = new DataOutputSerializer(4096);
        try {
            serializer(type).serialize(value, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize " + type.getSimpleName(), e);
        }
        return out.getCopyOfBuffer();
    }

    private static <T> TypeSerializer<T> serializer(Class<T> type) {
        return TypeInformation.of(type).createSerializer(new SerializerConfigImpl());
    }
}
