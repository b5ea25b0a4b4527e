package io.vigil.detect;

import java.util.Arrays;

/**
 * One series' scoring state as one keyed value: every detector's per-point state, every
 * calibrator, the alert gate and the model store version, each entry under the name it had as a
 * keyed value of its own. On RocksDB each keyed value read or written is a native call with its own
 * key; seven or eight of them per point cost more than the bytes they hold. Entries by name, so a
 * value stays readable when detectors are switched on or off. Serialized by
 * {@link ScoringStateSerializer}.
 */
public final class ScoringState {
    private final String[] names;
    private final Object[] values;

    /** {@code names[i]} holds {@code values[i]}; a null value is an absent entry. */
    ScoringState(String[] names, Object[] values) {
        if (names.length != values.length) {
            throw new IllegalArgumentException(names.length + " names for " + values.length + " values");
        }
        this.names = names;
        this.values = values;
    }

    /** The entry called {@code name}, or null. */
    Object get(String name) {
        return get(-1, name);
    }

    /**
     * The entry called {@code name}, or null, looked for first at {@code slot}: where it is in a
     * value written in the serializer's order, as every value the scorer reads is (a restored value
     * of another layout is searched).
     */
    Object get(int slot, String name) {
        if (slot >= 0 && slot < names.length && names[slot] == name) {
            return values[slot];
        }
        for (int i = 0; i < names.length; i++) {
            // The serializer hands out the layout's own name instances: identity first.
            if (names[i] == name || names[i].equals(name)) {
                return values[i];
            }
        }
        return null;
    }

    int size() {
        return names.length;
    }

    String name(int i) {
        return names[i];
    }

    Object value(int i) {
        return values[i];
    }

    /** Whether no entry holds a value. */
    boolean empty() {
        for (Object v : values) {
            if (v != null) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScoringState s && Arrays.equals(names, s.names) && Arrays.deepEquals(values, s.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(names) + Arrays.deepHashCode(values);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ScoringState{");
        for (int i = 0; i < names.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(names[i]).append('=').append(values[i]);
        }
        return sb.append('}').toString();
    }
}
