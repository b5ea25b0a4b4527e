package io.vigil.bench;

/**
 * The record format of the bench's metrics topic: prometheus-kafka-adapter JSON (one sample a record)
 * or remote-write records as {@code vigil bridge} writes them (a snappy-compressed {@code WriteRequest}
 * of {@link #samplesPerRecord} samples, with the two headers that mark it), which the job tells apart
 * by those headers.
 */
public enum BenchFormat {
    ADAPTER_JSON("adapter-json", 1),
    /** 500 samples a request: Prometheus' queue sends up to 2,000 (500 before 2.x), the bridge writes a record per request and partition. */
    REMOTE_WRITE("remote-write", 500);

    public final String configName;
    /** Samples per Kafka record. */
    public final int samplesPerRecord;

    BenchFormat(String configName, int samplesPerRecord) {
        this.configName = configName;
        this.samplesPerRecord = samplesPerRecord;
    }

    public static BenchFormat of(String name) {
        for (BenchFormat f : values()) {
            if (f.configName.equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown bench format '" + name + "' (expected adapter-json or remote-write)");
    }
}
