package io.vigil.model;

/** Lifecycle of an incident, as published on {@code vigil.incidents}. */
public enum IncidentStatus {
    OPEN("open"),
    UPDATE("update"),
    RESOLVED("resolved");

    private final String wireName;

    IncidentStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
