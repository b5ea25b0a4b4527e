package io.vigil.bridge;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/** The bridge's counters and request-latency histogram, exposed in Prometheus text format on /metrics. */
public final class BridgeMetrics {
    static final double[] LATENCY_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    final LongAdder requests = new LongAdder();
    final LongAdder bytesReceived = new LongAdder();
    final LongAdder seriesReceived = new LongAdder();
    final LongAdder samplesReceived = new LongAdder();
    final LongAdder samplesWritten = new LongAdder();
    final LongAdder seriesWritten = new LongAdder();
    final LongAdder recordsWritten = new LongAdder();
    final LongAdder bytesWritten = new LongAdder();
    final LongAdder notForwarded = new LongAdder();
    private final Map<String, LongAdder> responses = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> rejectedRequests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> rejectedSeries = new ConcurrentHashMap<>();
    private final LongAdder[] latency = new LongAdder[LATENCY_BUCKETS.length + 1];
    private final LongAdder latencyCount = new LongAdder();
    private final DoubleAdder latencySum = new DoubleAdder();
    private volatile IntSupplier knownSeries = () -> 0;
    private volatile BooleanSupplier kafkaReady = () -> false;

    public BridgeMetrics() {
        for (int i = 0; i < latency.length; i++) {
            latency[i] = new LongAdder();
        }
    }

    void gauges(IntSupplier known, BooleanSupplier ready) {
        this.knownSeries = known;
        this.kafkaReady = ready;
    }

    void response(int code, double seconds) {
        responses.computeIfAbsent(Integer.toString(code), k -> new LongAdder()).increment();
        int i = 0;
        while (i < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[i]) {
            i++;
        }
        latency[i].increment();
        latencyCount.increment();
        latencySum.add(seconds);
    }

    void rejectedRequest(String reason) {
        rejectedRequests.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    void rejectedSeries(String reason, long n) {
        rejectedSeries.computeIfAbsent(reason, k -> new LongAdder()).add(n);
    }

    public long samplesWritten() {
        return samplesWritten.sum();
    }

    public long bytesWritten() {
        return bytesWritten.sum();
    }

    public String text() {
        StringBuilder sb = new StringBuilder(4096);
        counter(sb, "vigil_bridge_requests_total", "Remote-write requests received.", requests.sum());
        labelled(sb, "vigil_bridge_responses_total", "Responses by HTTP status code.", "code", responses);
        counter(sb, "vigil_bridge_received_bytes_total", "Request bytes received (compressed).", bytesReceived.sum());
        counter(sb, "vigil_bridge_received_series_total", "Series received.", seriesReceived.sum());
        counter(sb, "vigil_bridge_received_samples_total", "Samples received.", samplesReceived.sum());
        counter(sb, "vigil_bridge_written_samples_total", "Samples written to Kafka (acknowledged).", samplesWritten.sum());
        counter(sb, "vigil_bridge_written_series_total", "Series written to Kafka (acknowledged).", seriesWritten.sum());
        counter(sb, "vigil_bridge_written_records_total", "Kafka records written (acknowledged).", recordsWritten.sum());
        counter(sb, "vigil_bridge_written_bytes_total", "Kafka record value bytes written.", bytesWritten.sum());
        counter(sb, "vigil_bridge_not_forwarded_total",
                "Exemplars, native histograms and metadata entries received but not forwarded (the job does not use them).",
                notForwarded.sum());
        labelled(sb, "vigil_bridge_rejected_requests_total", "Whole requests rejected, by reason.", "reason",
                rejectedRequests);
        labelled(sb, "vigil_bridge_rejected_series_total", "Series rejected inside accepted requests, by reason.",
                "reason", rejectedSeries);
        gauge(sb, "vigil_bridge_known_series", "Series seen within bridge.limits.series-ttl.", knownSeries.getAsInt());
        gauge(sb, "vigil_bridge_kafka_ready", "1 when the topic's partitions were reachable at the last check.",
                kafkaReady.getAsBoolean() ? 1 : 0);
        sb.append("# HELP vigil_bridge_request_duration_seconds Time from request to response.\n")
                .append("# TYPE vigil_bridge_request_duration_seconds histogram\n");
        long cumulative = 0;
        for (int i = 0; i < latency.length; i++) {
            cumulative += latency[i].sum();
            String le = i < LATENCY_BUCKETS.length ? Double.toString(LATENCY_BUCKETS[i]) : "+Inf";
            sb.append("vigil_bridge_request_duration_seconds_bucket{le=\"").append(le).append("\"} ")
                    .append(cumulative).append('\n');
        }
        sb.append("vigil_bridge_request_duration_seconds_sum ").append(latencySum.sum()).append('\n');
        sb.append("vigil_bridge_request_duration_seconds_count ").append(latencyCount.sum()).append('\n');
        return sb.toString();
    }

    private static void counter(StringBuilder sb, String name, String help, long v) {
        sb.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name)
                .append(" counter\n").append(name).append(' ').append(v).append('\n');
    }

    private static void gauge(StringBuilder sb, String name, String help, long v) {
        sb.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name)
                .append(" gauge\n").append(name).append(' ').append(v).append('\n');
    }

    private static void labelled(StringBuilder sb, String name, String help, String label, Map<String, LongAdder> m) {
        sb.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" counter\n");
        new TreeMap<>(m).forEach((k, v) -> sb.append(name).append('{').append(label).append("=\"").append(k)
                .append("\"} ").append(v.sum()).append('\n'));
    }
}
