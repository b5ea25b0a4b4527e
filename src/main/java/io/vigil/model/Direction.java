package io.vigil.model;

/** Which way a point left its expected band. */
public enum Direction {
    UP("up"),
    DOWN("down"),
    NONE("none");

    private final String wireName;

    Direction(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
