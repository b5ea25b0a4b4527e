package io.vigil.testing;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keyed values saved by one serializer and read back by another across a real snapshot and
 * restore, as a job upgraded through a savepoint reads them (the backend migrates what it must).
 */
public final class KeptValues {
    private KeptValues() {}

    /** Each key's value written with {@code before} under {@code name}, snapshot, restored, read with {@code after}. */
    public static <T> Map<String, T> saveThenRestore(StateBackend backend, String name, TypeSerializer<T> before,
            TypeSerializer<T> after, Map<String, T> values) throws Exception {
        return saveThenRestore(backend, Types.STRING, Types.STRING, name, before, after, values);
    }

    /** The same, with the keys' type changed between the two as well. */
    public static <T> Map<String, T> saveThenRestore(StateBackend backend, TypeInformation<String> keyBefore,
            TypeInformation<String> keyAfter, String name, TypeSerializer<T> before, TypeSerializer<T> after,
            Map<String, T> values) throws Exception {
        OperatorSubtaskState saved;
        try (var writer = harness(backend, keyBefore, new Keep<>(name, before, values))) {
            writer.open();
            for (String key : values.keySet()) {
                writer.processElement(key, 0L);
            }
            saved = writer.snapshot(1L, 1L);
        }
        try (var reader = harness(backend, keyAfter, new Keep<>(name, after, null))) {
            reader.initializeState(saved);
            reader.open();
            for (String key : values.keySet()) {
                reader.processElement(key, 0L);
            }
            List<T> read = reader.extractOutputValues();
            Map<String, T> byKey = new LinkedHashMap<>();
            int i = 0;
            for (String key : values.keySet()) {
                byKey.put(key, read.get(i++));
            }
            return byKey;
        }
    }

    private static <T> KeyedOneInputStreamOperatorTestHarness<String, String, T> harness(StateBackend backend,
            TypeInformation<String> keyType, Keep<T> function) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(function), k -> k, keyType,
                1, 1, 0);
        h.setStateBackend(backend);
        return h;
    }

    /** Writes each key's given value, or (with none given) emits the value it finds. */
    private static final class Keep<T> extends KeyedProcessFunction<String, String, T> {
        private final String name;
        private final TypeSerializer<T> serializer;
        private final Map<String, T> values;
        private transient ValueState<T> state;

        Keep(String name, TypeSerializer<T> serializer, Map<String, T> values) {
            this.name = name;
            this.serializer = serializer;
            this.values = values;
        }

        @Override
        public void open(org.apache.flink.api.common.functions.OpenContext context) {
            state = getRuntimeContext().getState(new ValueStateDescriptor<>(name, serializer));
        }

        @Override
        public void processElement(String key, Context ctx, Collector<T> out) throws Exception {
            if (values != null) {
                state.update(values.get(key));
            } else {
                out.collect(state.value());
            }
        }
    }
}
