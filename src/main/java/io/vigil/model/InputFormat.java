package io.vigil.model;

/** The wire formats Vigil reads (adapter JSON, remote-write records, CSV). */
public enum InputFormat {
    /** The prometheus-kafka-adapter JSON shape: one sample per record, string value. */
    ADAPTER_JSON("adapter-json"),
    /**
     * A snappy-compressed Prometheus remote-write 1.0 {@code WriteRequest}, many series per record, as
     * {@code vigil bridge} writes it (records carry {@code Content-Type: application/x-protobuf}).
     */
    REMOTE_WRITE("remote-write"),
    /** One CSV line {@code timestamp,metric,value[,label...]}; the header travels in the config. */
    CSV("csv");

    private final String configName;

    InputFormat(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static InputFormat fromConfigName(String name) {
        for (InputFormat f : values()) {
            if (f.configName.equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException(
                "unknown input format '" + name + "' (expected adapter-json, remote-write or csv)");
    }
}
