package io.vigil.testing;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.api.java.typeutils.MapTypeInfo;
import org.apache.flink.api.java.typeutils.NullableListTypeInfo;
import org.apache.flink.api.java.typeutils.NullableMapTypeInfo;
import org.apache.flink.api.java.typeutils.PojoField;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.TypeExtractor;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Flink's POJO serializer for a record that now has a serializer of its own: the serializer its
 * values were saved with before, to test that they still restore.
 */
public final class PojoSerializers {
    private PojoSerializers() {}

    @SuppressWarnings("unchecked")
    public static <T> TypeSerializer<T> of(Class<?> type) {
        return (TypeSerializer<T>) pojo(type, true).createSerializer(new SerializerConfigImpl());
    }

    /** The same, but the records it holds written by their own serializers, as they are now. */
    @SuppressWarnings("unchecked")
    public static <T> TypeSerializer<T> holdingCompact(Class<?> type) {
        return (TypeSerializer<T>) pojo(type, false).createSerializer(new SerializerConfigImpl());
    }

    private static PojoTypeInfo<?> pojo(Class<?> type, boolean nestedToo) {
        List<PojoField> fields = new ArrayList<>();
        for (Field f : type.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                fields.add(new PojoField(f, nestedToo ? before(f.getGenericType())
                        : TypeExtractor.createTypeInfo(f.getGenericType())));
            }
        }
        return new PojoTypeInfo<>(type, fields);
    }

    /**
     * A component's type as Flink made it before: records with a serializer of their own, and lists
     * and maps of them, as POJOs.
     */
    private static TypeInformation<?> before(Type type) {
        if (type instanceof Class<?> c && c.isRecord() && c.isAnnotationPresent(TypeInfo.class)) {
            return pojo(c, true);
        }
        TypeInformation<?> now = TypeExtractor.createTypeInfo(type);
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            TypeInformation<?> element = before(p.getActualTypeArguments()[0]);
            return now instanceof NullableListTypeInfo ? new NullableListTypeInfo<>(element) : new ListTypeInfo<>(element);
        }
        if (type instanceof ParameterizedType p && p.getRawType() == Map.class) {
            TypeInformation<?> k = before(p.getActualTypeArguments()[0]);
            TypeInformation<?> v = before(p.getActualTypeArguments()[1]);
            return now instanceof NullableMapTypeInfo ? new NullableMapTypeInfo<>(k, v) : new MapTypeInfo<>(k, v);
        }
        return now;
    }
}
