package io.vigil.demo;

/** The five metrics every demo service exports, with their Prometheus names. */
public enum Signal {
    TRAFFIC("http_requests_total"),
    ERRORS("http_request_errors_total"),
    LATENCY("http_request_duration_p99_seconds"),
    CPU("process_cpu_seconds_total"),
    MEMORY("process_resident_memory_bytes");

    private final String metric;

    Signal(String metric) {
        this.metric = metric;
    }

    public String metric() {
        return metric;
    }

    public boolean counter() {
        return metric.endsWith("_total");
    }
}
