package io.vigil.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * {@code vigil bridge}: where it listens, whom it lets in, what it writes where (the {@code bridge.*} keys).
 * Secrets are named by file so they can be mounted (Kubernetes secrets) and are never in the YAML.
 *
 * @param topic empty: the first of {@code kafka.topics.metrics}
 */
public record BridgeConfig(
        String host,
        int port,
        String topic,
        String bearerTokenFile,
        String basicUser,
        String basicPasswordFile,
        String tlsCertFile,
        String tlsKeyFile,
        Limits limits,
        Duration kafkaTimeout,
        int threads,
        Duration shutdownGrace)
        implements Serializable {

    /** What one request, one series and the stream of new series may hold. */
    public record Limits(
            int maxBodyBytes,
            int maxDecodedBytes,
            int maxSeriesPerRequest,
            LabelLimits labels,
            int newSeriesPerMinute,
            int newSeriesBurst,
            Duration seriesTtl)
            implements Serializable {}

    public boolean tls() {
        return !tlsCertFile.isEmpty();
    }
}
