package io.vigil.bench;

import java.util.Locale;

/** The state backends the bench compares, by the name {@code --backend} takes, and Flink's name for each. */
enum Backend {
    ROCKSDB("rocksdb"),
    HEAP("hashmap");

    /** {@code state.backend.type}. */
    final String flinkName;

    Backend(String flinkName) {
        this.flinkName = flinkName;
    }

    /** The backend {@code --backend NAME} means; throws naming the value otherwise. */
    static Backend of(String name) {
        for (Backend b : values()) {
            if (b.name().toLowerCase(Locale.ROOT).equals(name)) {
                return b;
            }
        }
        throw new IllegalArgumentException("--backend must be rocksdb or heap: " + name);
    }
}
