package io.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The Grafana dashboard only charts metrics the job really registers (a renamed counter breaks this test, not a panel). */
class DashboardTest {
    @Test
    void dashboard_parses_andEveryMetricIsRegisteredByTheJob() throws Exception {
        JsonNode dash = new ObjectMapper().readTree(Path.of("docker/grafana/vigil-dashboard.json").toFile());
        assertThat(dash.path("panels").size()).isGreaterThanOrEqualTo(8);
        Set<String> charted = new TreeSet<>();
        Pattern metric = Pattern.compile("flink_taskmanager_job_task_operator_vigil_([a-z_]+)");
        for (JsonNode p : dash.path("panels")) {
            for (JsonNode t : p.path("targets")) {
                Matcher m = metric.matcher(t.path("expr").asText());
                while (m.find()) {
                    charted.add(m.group(1));
                }
            }
        }
        Set<String> registered = ShippedSources.registeredCounters();
        assertThat(charted).isNotEmpty();
        assertThat(registered).containsAll(charted);
        Set<String> bridgeCharted = new TreeSet<>();
        Matcher b = Pattern.compile("vigil_bridge_[a-z_]+").matcher(dash.toString());
        while (b.find()) {
            bridgeCharted.add(b.group().replaceAll("_bucket$", ""));
        }
        String exposed = new io.vigil.bridge.BridgeMetrics().text();
        assertThat(bridgeCharted).as("the bridge's panels").isNotEmpty()
                .allSatisfy(name -> assertThat(exposed).contains("# TYPE " + name + " "));
        assertThat(charted).as("the fatigue figures are on it").contains("alerts_sent", "incidents_opened",
                "anomalous_points", "alerts_suppressed");
    }
}
