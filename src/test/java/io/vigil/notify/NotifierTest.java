package io.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

/** The notifier's Kafka clients get the job's client properties (SASL, TLS), under its own settings. */
class NotifierTest {
    @Test
    void kafkaClients_carrySecuritySettings_notifiersOwnSettingsWin() {
        Map<String, String> props = Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                "isolation.level", "read_uncommitted");
        Notifier n = new Notifier("kafka-1:9093", props, "vigil.alerts", "vigil.notify.deadletter", "vigil-notify",
                new Notifier.Channels(null, null, null, null), List.of(), Map.of(),
                new HttpDelivery(HttpDelivery.Policy.DEFAULT), line -> { });
        assertThat(n.consumerProps()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512").containsEntry("bootstrap.servers", "kafka-1:9093")
                .containsEntry("group.id", "vigil-notify")
                .as("read_committed is what keeps aborted alerts out").containsEntry("isolation.level", "read_committed");
        assertThat(n.producerProps()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    }
}
