package io.vigil.model;

/** Alertmanager's alert states. */
public enum AlertStatus {
    FIRING("firing"),
    RESOLVED("resolved");

    private final String wireName;

    AlertStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
