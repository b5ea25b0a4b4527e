package io.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@code vigil notify} reads its channels and Kafka's security settings from vigil.yaml, flags on top. */
class NotifyConfigTest {
    @TempDir
    Path dir;

    @Test
    void notifySection_channelsRoutesLinks_andKafkaSecurityForTheNotifier() throws Exception {
        Path f = Files.writeString(dir.resolve("vigil.yaml"), """
                kafka:
                  bootstrap-servers: kafka-1:9093
                  properties:
                    security.protocol: SASL_SSL
                    sasl.mechanism: SCRAM-SHA-512
                notify:
                  group: notify-eu
                  alertmanager:
                    url: http://alertmanager:9093/am
                    resend-interval: 30s
                  routes: ["namespace=staging:slack", "service=batch:none"]
                  links: ["Dashboard=https://grafana/d/vigil?var-service={service}", "Runbook=https://wiki/{service}"]
                """);
        ConfigLoader.NotifyView v = ConfigLoader.notifier(f, Map.of("notify.health-port", "0"));
        assertThat(v.kafka().bootstrapServers()).isEqualTo("kafka-1:9093");
        assertThat(v.kafka().clientProperties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        NotifyConfig n = v.notifier();
        assertThat(n.group()).isEqualTo("notify-eu");
        assertThat(n.alertmanagerUrl()).isEqualTo(URI.create("http://alertmanager:9093/am"));
        assertThat(n.alertmanagerResendInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(n.routes()).containsExactly("namespace=staging:slack", "service=batch:none");
        assertThat(n.links().keySet()).as("in the order given").containsExactly("Dashboard", "Runbook");
        assertThat(n.healthPort()).as("override on top of the file").isZero();
    }

    @Test
    void shippedNotifySection_equalsTheDefaults() {
        NotifyConfig shipped = ConfigLoader.notifier(Path.of("flink-conf/vigil.yaml"), Map.of()).notifier();
        NotifyConfig defaults = ConfigLoader.notifier(null, Map.of()).notifier();
        assertThat(shipped).isEqualTo(defaults);
        assertThat(defaults.alertmanagerUrl()).isNull();
        assertThat(defaults.alertmanagerResendInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(defaults.routes()).isEqualTo(List.of());
        assertThat(defaults.links()).isEmpty();
    }

    @Test
    void badValues_nameTheKey() {
        assertThatThrownBy(() -> ConfigLoader.notifier(null, Map.of("notify.alertmanager.url", "alertmanager:9093")))
                .hasMessageContaining("notify.alertmanager.url").hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> ConfigLoader.notifier(null, Map.of("notify.alertmanager.resend-interval", "100ms")))
                .hasMessageContaining("notify.alertmanager.resend-interval").hasMessageContaining("at least 1s");
        assertThatThrownBy(() -> ConfigLoader.notifier(null, Map.of("notify.links", "Dashboard")))
                .hasMessageContaining("notify.links").hasMessageContaining("NAME=URL");
    }
}
