package io.vigil.model;

/** Alert severity levels, lowest first, so {@code compareTo} orders them. */
public enum Severity {
    INFO("info"),
    WARNING("warning"),
    CRITICAL("critical");

    private final String wireName;

    Severity(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Severity fromWireName(String name) {
        for (Severity s : values()) {
            if (s.wireName.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "unknown severity '" + name + "' (expected info, warning or critical)");
    }
}
