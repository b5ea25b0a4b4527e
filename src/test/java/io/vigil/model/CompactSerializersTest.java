package io.vigil.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.detect.calibrate.CalibrationState;
import io.vigil.detect.change.ChangeState;
import io.vigil.detect.control.GateState;
import io.vigil.detect.entity.EntityFit;
import io.vigil.detect.entity.EntityLearning;
import io.vigil.detect.entity.PendingStep;
import io.vigil.detect.robust.RobustState;
import io.vigil.detect.seasonal.SeasonalState;
import io.vigil.features.FeatureWindowState;
import io.vigil.features.ResampleState;
import io.vigil.testing.KeptValues;
import io.vigil.testing.PojoSerializers;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Every record with a hand-written serializer: each component survives the trip (a component
 * written or read out of order fails here), copies are deep, the bytes are no more than the POJO
 * serializer's, and values saved by Flink's POJO
 * serializer (the layout before) are read back equal after a restore on both backends.
 */
class CompactSerializersTest {
    private static final SerializerConfigImpl CONFIG = new SerializerConfigImpl();
    static final List<Class<?>> COMPACT = List.of(CalibrationState.class, GateState.class, RobustState.class,
            ChangeState.class, SeasonalState.class, FeatureWindowState.class, ResampleState.class, MetricSample.class,
            ScoredPoint.class, PendingStep.class, EntityFit.class, EntityLearning.class);

    @Test
    void everyCompactRecord_roundTripsEveryComponent_andCopiesDeeply() throws Exception {
        Random r = new Random(7);
        for (Class<?> type : COMPACT) {
            TypeSerializer<Object> s = serializer(type);
            TypeSerializer<Object> pojo = PojoSerializers.of(type);
            assertThat(TypeInformation.of(type)).as(type.getSimpleName()).isInstanceOf(CompactTypeInfo.class);
            for (int i = 0; i < 20; i++) {
                Object value = random(type, r, false);
                assertSame(type.getSimpleName(), value, roundTrip(s, value));
                assertThat(bytes(s, value)).as(type.getSimpleName() + " no larger than the POJO serializer wrote it")
                        .isLessThanOrEqualTo(bytes(pojo, value));
                Object copy = s.copy(value);
                assertSame(type.getSimpleName() + " copy", value, copy);
                for (RecordComponent c : type.getRecordComponents()) {
                    Object a = c.getAccessor().invoke(value);
                    if (a != null && a.getClass().isArray() && Array.getLength(a) > 0) {
                        assertThat(c.getAccessor().invoke(copy)).as(type.getSimpleName() + "." + c.getName())
                                .isNotSameAs(a);
                    }
                }
            }
        }
    }

    @Test
    void nullArraysStringsAndNestedRecords_roundTrip() throws Exception {
        Random r = new Random(11);
        int withNulls = 0;
        for (Class<?> type : COMPACT) {
            Object value;
            try {
                value = random(type, r, true);
            } catch (java.lang.reflect.InvocationTargetException refused) {
                continue; // a record that refuses nulls (MetricSample) never holds them
            }
            withNulls++;
            assertSame(type.getSimpleName(), value, roundTrip(serializer(type), value));
        }
        assertThat(withNulls).isGreaterThanOrEqualTo(COMPACT.size() - 1);
    }

    @Test
    void snapshot_restoresTheSerializer_andResolvesPojoAndOlderFormatsByMigration() throws IOException {
        TypeSerializer<Object> s = serializer(SeasonalState.class);
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, s.snapshotConfiguration());
        TypeSerializerSnapshot<Object> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        assertThat(read.restoreSerializer()).isEqualTo(s);

        TypeSerializerSnapshot<Object> current = s.snapshotConfiguration();
        assertThat(current.resolveSchemaCompatibility(read).isCompatibleAsIs()).isTrue();
        TypeSerializerSnapshot<Object> pojo = PojoSerializers.<Object>of(SeasonalState.class)
                .snapshotConfiguration();
        assertThat(current.resolveSchemaCompatibility(pojo).isCompatibleAfterMigration())
                .as("values the POJO serializer wrote").isTrue();
        var older = new CompactSerializerSnapshot<Object>(s.getClass().getName(), 0);
        assertThat(current.resolveSchemaCompatibility(older).isCompatibleAfterMigration()).isTrue();
        assertThat(older.restoreSerializer()).as("reads format 0").isNotEqualTo(s);
        var newer = new CompactSerializerSnapshot<Object>(s.getClass().getName(), 2);
        assertThat(current.resolveSchemaCompatibility(newer).isIncompatible()).isTrue();
        assertThatThrownBy(newer::restoreSerializer).hasMessageContaining("written by a newer version of Vigil");
        TypeSerializerSchemaCompatibility<Object> other = current.resolveSchemaCompatibility(
                serializer(GateState.class).snapshotConfiguration());
        assertThat(other.isIncompatible()).as("another record's serializer").isTrue();
    }

    @Test
    void valuesSavedByThePojoSerializer_readBackEqual_afterARestore_onRocksDbAndHeap() throws Exception {
        for (StateBackend backend : List.of(new EmbeddedRocksDBStateBackend(), new HashMapStateBackend())) {
            Random r = new Random(3);
            for (Class<?> type : COMPACT) {
                Map<String, Object> values = new LinkedHashMap<>();
                for (int k = 0; k < 5; k++) {
                    values.put("series-" + k, random(type, r, false));
                }
                TypeSerializer<Object> pojo = PojoSerializers.of(type);
                Map<String, Object> back = KeptValues.saveThenRestore(backend, "kept", pojo, serializer(type), values);
                for (String key : values.keySet()) {
                    assertSame(backend.getName() + " " + type.getSimpleName() + " " + key, values.get(key),
                            back.get(key));
                }
            }
        }
    }

    @TypeInfo(CompactTypeInfo.Factory.class)
    record Unwritten(int x) {}

    @Test
    void aRecordNamingNoSerializer_isRefusedByName() {
        assertThatThrownBy(() -> TypeInformation.of(Unwritten.class))
                .hasMessageContaining("Unwritten takes CompactTypeInfo.Factory but names no @WrittenBy serializer");
    }

    /**
     * A record saved as a POJO holding compact ones (an entity's pending step with its held points,
     * as the build before the step's own serializer wrote it) migrates with them.
     */
    @Test
    void aPojoRecordHoldingCompactOnes_readsBackEqual_afterARestore() throws Exception {
        Random r = new Random(5);
        Map<String, Object> values = new LinkedHashMap<>();
        for (int k = 0; k < 3; k++) {
            values.put("entity-" + k, random(PendingStep.class, r, false));
        }
        for (StateBackend backend : List.of(new EmbeddedRocksDBStateBackend(), new HashMapStateBackend())) {
            Map<String, Object> back = KeptValues.saveThenRestore(backend, "kept",
                    PojoSerializers.holdingCompact(PendingStep.class),
                    serializer(PendingStep.class), values);
            for (String key : values.keySet()) {
                assertSame(backend.getName() + " " + key, values.get(key), back.get(key));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static TypeSerializer<Object> serializer(Class<?> type) {
        return ((TypeInformation<Object>) TypeInformation.of(type)).createSerializer(CONFIG);
    }

    private static int bytes(TypeSerializer<Object> s, Object value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        s.serialize(value, out);
        return out.length();
    }

    private static Object roundTrip(TypeSerializer<Object> s, Object value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        s.serialize(value, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        Object back = s.deserialize(in);
        assertThat(in.available()).as("bytes left after reading a " + value.getClass().getSimpleName()).isZero();
        return back;
    }

    /** Equal component by component, arrays by content and nested records likewise. */
    static void assertSame(String what, Object expected, Object actual) throws Exception {
        if (expected == null || actual == null) {
            assertThat(actual).as(what).isEqualTo(expected);
        } else if (expected.getClass().isRecord()) {
            assertThat(actual.getClass()).as(what).isEqualTo(expected.getClass());
            for (RecordComponent c : expected.getClass().getRecordComponents()) {
                assertSame(what + "." + c.getName(), c.getAccessor().invoke(expected), c.getAccessor().invoke(actual));
            }
        } else if (expected.getClass().isArray()) {
            assertThat(Array.getLength(actual)).as(what + " length").isEqualTo(Array.getLength(expected));
            for (int i = 0; i < Array.getLength(expected); i++) {
                assertSame(what + "[" + i + "]", Array.get(expected, i), Array.get(actual, i));
            }
        } else {
            assertThat(actual).as(what).isEqualTo(expected);
        }
    }

    /**
     * A record with every component random (distinct enough that two swapped ones differ), or null
     * where it can be; a component named {@code score} is in [0, 1], as scores are.
     */
    static Object random(Class<?> type, Random r, boolean nulls) throws Exception {
        return random(type, "", r, nulls);
    }

    private static Object random(Type generic, String name, Random r, boolean nulls) throws Exception {
        Class<?> type = generic instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) generic;
        if (type == int.class) {
            return r.nextInt();
        } else if (type == long.class) {
            return r.nextLong();
        } else if (type == double.class || type == Double.class) {
            return name.equals("score") ? r.nextDouble() : r.nextGaussian() * 1e6;
        } else if (type == float.class) {
            return (float) r.nextGaussian() * 1e3f;
        } else if (type == boolean.class) {
            return r.nextBoolean();
        } else if (type == byte.class) {
            return (byte) r.nextInt();
        } else if (type == String.class) {
            return nulls ? null : "s-\u00e9-" + r.nextInt(1_000_000);
        } else if (type.isEnum()) {
            Object[] constants = type.getEnumConstants();
            return nulls ? null : constants[r.nextInt(constants.length)];
        } else if (type == Map.class || type == List.class) {
            if (nulls) {
                return null;
            }
            Type[] args = ((ParameterizedType) generic).getActualTypeArguments();
            Map<Object, Object> m = new HashMap<>();
            List<Object> l = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                m.put(random(args[0], "", r, false), random(args[args.length - 1], "", r, false));
                l.add(random(args[0], "", r, false));
            }
            return type == Map.class ? m : l;
        } else if (type.isArray()) {
            if (nulls) {
                return null;
            }
            Object a = Array.newInstance(type.getComponentType(), 1 + r.nextInt(4));
            for (int i = 0; i < Array.getLength(a); i++) {
                Array.set(a, i, random(type.getComponentType(), "", r, false));
            }
            return a;
        } else if (type.isRecord()) {
            RecordComponent[] cs = type.getRecordComponents();
            Class<?>[] types = new Class<?>[cs.length];
            Object[] args = new Object[cs.length];
            for (int i = 0; i < cs.length; i++) {
                types[i] = cs[i].getType();
                args[i] = random(cs[i].getGenericType(), cs[i].getName(), r, nulls);
            }
            Constructor<?> canonical = type.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return canonical.newInstance(args);
        }
        throw new IllegalArgumentException("no random " + type);
    }
}
