package io.vigil.detect;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a {@link ScoringState} as a format byte, an entry count, then per entry its name's hash
 * ({@link String#hashCode}, fixed by the language: a name written out cost a fifth of the value's
 * serialization), its length and its bytes by that entry's own serializer (the bytes it had as a
 * keyed value of its own). An entry this job has no serializer for (a detector switched off since)
 * is skipped by its length and dropped. The snapshot keeps every entry's serializer snapshot, so an entry whose type changed is
 * resolved as Flink resolves any keyed value's.
 */
public final class ScoringStateSerializer extends TypeSerializer<ScoringState> {
    private static final long serialVersionUID = 1L;
    private static final int FORMAT = 1;

    private final String[] names;
    private final int[] hashes;
    private final TypeSerializer<Object>[] serializers;
    /** An entry is written here first, for its length; one per instance ({@link #duplicate()}). */
    private transient DataOutputSerializer scratch;

    /** @param entries each entry's name and serializer, in the order values are written */
    public ScoringStateSerializer(Map<String, TypeSerializer<Object>> entries) {
        this(entries.keySet().toArray(String[]::new), toArray(entries));
    }

    @SuppressWarnings("unchecked")
    private static TypeSerializer<Object>[] toArray(Map<String, TypeSerializer<Object>> entries) {
        return entries.values().toArray(TypeSerializer[]::new);
    }

    private ScoringStateSerializer(String[] names, TypeSerializer<Object>[] serializers) {
        this.names = names;
        this.serializers = serializers;
        this.hashes = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            hashes[i] = names[i].hashCode();
            for (int j = 0; j < i; j++) {
                if (hashes[j] == hashes[i]) {
                    throw new IllegalArgumentException("scoring state entries " + names[j] + " and " + names[i]
                            + " have one hash: rename one");
                }
            }
        }
    }

    /** The name instances values are read with, in the serializer's order. */
    String[] names() {
        return names.clone();
    }

    /** The slot of {@code name}, looked for first at {@code hint} (values are written in slot order). */
    private int slot(int hint, String name) {
        if (hint < names.length && names[hint] == name) {
            return hint;
        }
        for (int i = 0; i < names.length; i++) {
            if (names[i] == name || names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private int slot(int hash) {
        for (int i = 0; i < hashes.length; i++) {
            if (hashes[i] == hash) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    @SuppressWarnings("unchecked")
    public TypeSerializer<ScoringState> duplicate() {
        TypeSerializer<Object>[] copies = new TypeSerializer[serializers.length];
        for (int i = 0; i < copies.length; i++) {
            copies[i] = serializers[i].duplicate();
        }
        return new ScoringStateSerializer(names, copies);
    }

    @Override
    public ScoringState createInstance() {
        return new ScoringState(new String[0], new Object[0]);
    }

    @Override
    public ScoringState copy(ScoringState from) {
        String[] n = new String[from.size()];
        Object[] v = new Object[from.size()];
        int kept = 0;
        for (int i = 0; i < from.size(); i++) {
            int s = slot(i, from.name(i));
            if (s >= 0) {
                n[kept] = names[s];
                v[kept++] = from.value(i) == null ? null : serializers[s].copy(from.value(i));
            }
        }
        return new ScoringState(Arrays.copyOf(n, kept), Arrays.copyOf(v, kept));
    }

    @Override
    public ScoringState copy(ScoringState from, ScoringState reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(ScoringState state, DataOutputView out) throws IOException {
        if (scratch == null) {
            scratch = new DataOutputSerializer(512);
        }
        int present = 0;
        for (int i = 0; i < state.size(); i++) {
            present += state.value(i) != null && slot(i, state.name(i)) >= 0 ? 1 : 0;
        }
        out.writeByte(FORMAT);
        out.writeShort(present);
        for (int i = 0; i < state.size(); i++) {
            int s = state.value(i) == null ? -1 : slot(i, state.name(i));
            if (s < 0) {
                continue;
            }
            scratch.clear();
            serializers[s].serialize(state.value(i), scratch);
            out.writeInt(hashes[s]);
            out.writeInt(scratch.length());
            out.write(scratch.getSharedBuffer(), 0, scratch.length());
        }
    }

    @Override
    public ScoringState deserialize(DataInputView in) throws IOException {
        int format = in.readUnsignedByte();
        if (format != FORMAT) {
            throw new IOException("scoring state of format " + format + "; this version of Vigil reads " + FORMAT);
        }
        int count = in.readUnsignedShort();
        String[] n = new String[count];
        Object[] v = new Object[count];
        int kept = 0;
        for (int i = 0; i < count; i++) {
            int hash = in.readInt();
            int length = in.readInt();
            int s = slot(hash);
            if (s < 0) {
                in.skipBytesToRead(length);
                continue;
            }
            n[kept] = names[s];
            v[kept++] = serializers[s].deserialize(in);
        }
        return kept == count ? new ScoringState(n, v) : new ScoringState(Arrays.copyOf(n, kept), Arrays.copyOf(v, kept));
    }

    @Override
    public ScoringState deserialize(ScoringState reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScoringStateSerializer s && Arrays.equals(names, s.names)
                && Arrays.equals(serializers, s.serializers);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(names) + Arrays.hashCode(serializers);
    }

    @Override
    public TypeSerializerSnapshot<ScoringState> snapshotConfiguration() {
        Map<String, TypeSerializerSnapshot<Object>> entries = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            entries.put(names[i], serializers[i].snapshotConfiguration());
        }
        return new Snapshot(entries);
    }

    /** Every entry's name and its serializer's snapshot. */
    public static final class Snapshot implements TypeSerializerSnapshot<ScoringState> {
        private static final int VERSION = 1;
        private Map<String, TypeSerializerSnapshot<Object>> entries;

        /** For Flink, which reads the snapshot into it. */
        public Snapshot() {}

        Snapshot(Map<String, TypeSerializerSnapshot<Object>> entries) {
            this.entries = entries;
        }

        @Override
        public int getCurrentVersion() {
            return VERSION;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeInt(entries.size());
            for (var e : entries.entrySet()) {
                out.writeUTF(e.getKey());
                TypeSerializerSnapshot.writeVersionedSnapshot(out, e.getValue());
            }
        }

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
            if (readVersion != VERSION) {
                throw new IOException("scoring state serializer snapshot of version " + readVersion
                        + "; this version of Vigil reads " + VERSION);
            }
            int n = in.readInt();
            entries = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                entries.put(name, TypeSerializerSnapshot.readVersionedSnapshot(in, classLoader));
            }
        }

        @Override
        public TypeSerializer<ScoringState> restoreSerializer() {
            Map<String, TypeSerializer<Object>> serializers = new LinkedHashMap<>();
            entries.forEach((name, s) -> serializers.put(name, s.restoreSerializer()));
            return new ScoringStateSerializer(serializers);
        }

        /**
         * As-is when every entry both sides know is; after migration when one of them needs it (old
         * values read by the old entry serializers, written by the new); entries on one side only
         * need nothing (absent, or skipped on read).
         */
        @Override
        public TypeSerializerSchemaCompatibility<ScoringState> resolveSchemaCompatibility(
                TypeSerializerSnapshot<ScoringState> old) {
            if (!(old instanceof Snapshot previous)) {
                return TypeSerializerSchemaCompatibility.incompatible();
            }
            boolean migrate = false;
            for (var e : entries.entrySet()) {
                TypeSerializerSnapshot<Object> before = previous.entries.get(e.getKey());
                if (before == null) {
                    continue;
                }
                TypeSerializerSchemaCompatibility<Object> c = e.getValue().resolveSchemaCompatibility(before);
                if (c.isIncompatible()) {
                    return TypeSerializerSchemaCompatibility.incompatible();
                }
                migrate |= !c.isCompatibleAsIs();
            }
            return migrate ? TypeSerializerSchemaCompatibility.compatibleAfterMigration()
                    : TypeSerializerSchemaCompatibility.compatibleAsIs();
        }
    }
}
