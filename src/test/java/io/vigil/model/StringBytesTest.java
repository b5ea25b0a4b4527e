package io.vigil.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testing.KeptValues;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.types.StringValue;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Flink's string bytes, exactly: keyed state is found by them. */
class StringBytesTest {
    static List<String> strings() {
        List<String> all = new ArrayList<>(List.of("", "a", "?", "what?", "node_cpu_seconds_total{cpu=\"0\",mode=\"idle\"}",
                "caf\u00e9", "\u00ff\u0080", "\u20ac 5", "\ud83d\ude00 emoji", "a\u0000b", "x".repeat(3000),
                "\u00e9".repeat(2100),
                // A char Latin-1 lacks encodes to '?' there: alone, beside a real '?', and as a lone surrogate.
                "a\u0141b", "?\u0141?", "what\u2047", "x\ud800y"));
        Random r = new Random(1);
        for (int i = 0; i < 200; i++) {
            StringBuilder sb = new StringBuilder();
            int n = r.nextInt(i < 100 ? 40 : 300);
            for (int j = 0; j < n; j++) {
                int kind = r.nextInt(10);
                sb.append((char) (kind < 7 ? 32 + r.nextInt(95) : kind < 9 ? r.nextInt(256) : r.nextInt(0x10000)));
            }
            all.add(sb.toString());
        }
        return all;
    }

    @Test
    void writesFlinksBytes_andReadsThemBack_forAnyString() throws IOException {
        List<String> all = strings();
        all.add(null);
        for (String s : all) {
            DataOutputSerializer flink = new DataOutputSerializer(16);
            StringValue.writeString(s, flink);
            DataOutputSerializer ours = new DataOutputSerializer(16);
            StringBytes.write(s, ours);
            assertThat(ours.getCopyOfBuffer()).as("bytes of %s", s).isEqualTo(flink.getCopyOfBuffer());
            DataInputDeserializer in = new DataInputDeserializer(flink.getCopyOfBuffer());
            assertThat(StringBytes.read(in)).isEqualTo(s);
            assertThat(in.available()).isZero();
        }
    }

    @Test
    void twoStringsInARow_readApart() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        StringBytes.write("caf\u00e9 \u20ac", out);
        StringBytes.write("next", out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        assertThat(StringBytes.read(in)).isEqualTo("caf\u00e9 \u20ac");
        assertThat(StringBytes.read(in)).isEqualTo("next");
    }

    /** A job saved with Flink's string keys finds every key's state under the faster serializer. */
    @Test
    void stateSavedUnderFlinksStringKeys_isFoundUnderStringKeys_onRocksDbAndHeap() throws Exception {
        Map<String, Long> values = new LinkedHashMap<>();
        long i = 0;
        for (String s : strings().subList(0, 40)) {
            values.put(s, i++);
        }
        for (StateBackend backend : List.of(new EmbeddedRocksDBStateBackend(), new HashMapStateBackend())) {
            Map<String, Long> back = KeptValues.saveThenRestore(backend, Types.STRING, StringKeyType.INSTANCE, "kept",
                    Types.LONG.createSerializer(new org.apache.flink.api.common.serialization.SerializerConfigImpl()),
                    Types.LONG.createSerializer(new org.apache.flink.api.common.serialization.SerializerConfigImpl()),
                    values);
            assertThat(back).as(backend.getName()).isEqualTo(values);
        }
    }
}
