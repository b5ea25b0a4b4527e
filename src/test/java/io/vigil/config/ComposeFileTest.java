package io.vigil.config;

import io.vigil.cli.VigilCli;
import io.vigil.testing.Commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker/docker-compose.yml, rendered by {@code docker-compose config}, holds together as one
 * deployment: every service restarts and reports its health, Kafka is reachable from the containers
 * and from the host, the Flink services share their checkpoints, Prometheus feeds the bridge and
 * scrapes everything the dashboard charts, notify posts to the Alertmanager service, and Grafana is
 * provisioned with Prometheus and the dashboard that exists. No container is started (no Docker
 * engine here): FlinkEntrypointTest covers what the Flink image makes of its part.
 */
class ComposeFileTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path SHIPPED_VIGIL_YAML = Path.of("flink-conf/vigil.yaml");

    @Test
    void everyService_restartsUnlessStopped_andHasAHealthcheck() {
        assertThat(ComposeConfig.serviceNames()).contains("kafka", "jobmanager", "taskmanager", "bridge", "notify",
                "node-exporter", "prometheus", "alertmanager", "grafana");
        for (String name : ComposeConfig.serviceNames()) {
            JsonNode s = ComposeConfig.service(name);
            assertThat(s.path("restart").asText()).as("%s restart policy", name).isEqualTo("unless-stopped");
            List<String> test = ComposeConfig.words(s.path("healthcheck").path("test"));
            assertThat(test).as("%s healthcheck", name).hasSizeGreaterThan(1);
            assertThat(test.get(0)).as("%s healthcheck", name).isIn("CMD", "CMD-SHELL");
            assertThat(s.path("healthcheck").path("disable").asBoolean(false)).isFalse();
        }
    }

    @Test
    void healthchecks_probeEachServicesOwnReadiness() {
        Map<String, String> probes = new LinkedHashMap<>();
        probes.put("kafka", "kafka-broker-api-versions.sh --bootstrap-server localhost:" + containerListener().port());
        probes.put("bridge", "http://127.0.0.1:" + bridgeConfig().bridge().port() + "/-/ready");
        probes.put("notify", "http://127.0.0.1:" + notifyConfig().notifier().healthPort() + "/health");
        probes.put("jobmanager", "http://127.0.0.1:8081/overview");
        probes.put("prometheus", "http://127.0.0.1:9090/-/ready");
        probes.put("alertmanager", "http://127.0.0.1:" + alertmanagerPort() + "/-/ready");
        probes.put("grafana", "http://127.0.0.1:3000/api/health");
        probes.forEach((service, probe) -> assertThat(String.join(" ",
                        ComposeConfig.words(ComposeConfig.service(service).path("healthcheck").path("test"))))
                .as("%s healthcheck", service).contains(probe));
    }

    /** What the README lists for the host. */
    @Test
    void hostPorts_publishTheUis_kafka_andTheRemoteWriteEndpoint() {
        assertThat(published("grafana")).contains(3000);
        assertThat(published("prometheus")).contains(9090);
        assertThat(published("jobmanager")).contains(8081);
        assertThat(published("alertmanager")).contains(alertmanagerPort());
        assertThat(published("kafka")).contains(hostListener().port());
        assertThat(published("bridge")).contains(bridgeConfig().bridge().port());
    }

    @Test
    void kafka_advertisesTheServiceToContainers_andLocalhostToTheHost() {
        Map<String, String> env = ComposeConfig.environment("kafka");
        Map<String, Listener> advertised = listeners(env.get("KAFKA_ADVERTISED_LISTENERS"));
        Map<String, Listener> bound = listeners(env.get("KAFKA_LISTENERS"));
        Set<String> protocols = new TreeSet<>();
        for (String entry : env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").split(",")) {
            protocols.add(entry.split(":")[0]);
        }
        assertThat(bound.keySet()).containsAll(advertised.keySet());
        assertThat(protocols).containsAll(bound.keySet());

        Listener inside = containerListener();
        assertThat(env.get("KAFKA_INTER_BROKER_LISTENER_NAME")).isEqualTo(inside.name());
        for (String service : List.of("bridge", "notify")) {
            assertThat(vigilCommand(service).overrides()).as("%s's Kafka", service)
                    .containsEntry("kafka.bootstrap-servers", inside.host() + ":" + inside.port());
        }
        assertThat(jobOverrides()).containsEntry("kafka.bootstrap-servers", inside.host() + ":" + inside.port());

        Listener host = hostListener();
        assertThat(ComposeConfig.ports("kafka")).as("the host listener is published on its own port")
                .contains(new ComposeConfig.Port(portIp("kafka", host.port()), host.port(), bound.get(host.name()).port()));
        assertThat(ComposeConfig.ports("kafka")).as("a host client given kafka:%s could not resolve it", inside.port())
                .noneMatch(p -> p.target() == bound.get(inside.name()).port());
    }

    @Test
    void flink_jobManagerAndTaskManager_shareTheCheckpointVolume() {
        List<ComposeConfig.Mount> shared = new ArrayList<>(ComposeConfig.mounts("jobmanager"));
        shared.retainAll(ComposeConfig.mounts("taskmanager"));
        shared.removeIf(m -> !m.named() || m.readOnly());
        assertThat(shared).as("a named volume both mount, writable, at the same path").hasSize(1);
        ComposeConfig.Mount volume = shared.get(0);
        assertThat(ComposeConfig.rendered().path("volumes").has(volume.source())).isTrue();
        for (String service : List.of("jobmanager", "taskmanager")) {
            Map<String, String> props = flinkProperties(service);
            for (String key : List.of("execution.checkpointing.dir", "execution.checkpointing.savepoint-dir")) {
                assertThat(URI.create(props.get(key)).getPath()).as("%s %s", service, key)
                        .startsWith(volume.target() + "/");
            }
        }
        assertThat(flinkProperties("taskmanager")).isEqualTo(flinkProperties("jobmanager"));
    }

    @Test
    void dependencies_waitForAHealthyKafka_andNameRealServices() {
        for (String name : ComposeConfig.serviceNames()) {
            ComposeConfig.service(name).path("depends_on").fields().forEachRemaining(d -> {
                assertThat(ComposeConfig.serviceNames()).as("%s depends on", name).contains(d.getKey());
                assertThat(d.getValue().path("condition").asText()).as("%s -> %s", name, d.getKey())
                        .isIn("service_started", "service_healthy");
            });
        }
        for (String name : List.of("jobmanager", "bridge", "notify")) {
            assertThat(ComposeConfig.service(name).at("/depends_on/kafka/condition").asText()).as(name)
                    .isEqualTo("service_healthy");
        }
        assertThat(ComposeConfig.service("notify").at("/depends_on/alertmanager/condition").asText())
                .isEqualTo("service_healthy");
    }

    @Test
    void bridge_runsTheShippedConfig_andStopsAfterItsShutdownGrace() {
        VigilCommand bridge = vigilCommand("bridge");
        assertThat(bridge.name()).isEqualTo("bridge");
        assertThat(ImageFiles.source(bridge.config().toString())).isEqualTo(SHIPPED_VIGIL_YAML);
        Duration stop = composeDuration(ComposeConfig.service("bridge").path("stop_grace_period").asText("10s"));
        assertThat(stop).isGreaterThan(bridgeConfig().bridge().shutdownGrace());
        List<String> entrypoint = ComposeConfig.words(ComposeConfig.service("bridge").path("entrypoint"));
        for (String w : entrypoint) {
            if (w.startsWith("-Dlog4j2.configurationFile=")) {
                assertThat(ImageFiles.source(w.substring(w.indexOf('=') + 1))).exists();
            }
        }
        assertThat(entrypoint).anyMatch(w -> w.startsWith("-Dlog4j2.configurationFile="));
    }

    @Test
    void prometheus_remoteWritesTheHostToTheBridge_andScrapesVigil() throws Exception {
        Path file = ComposeConfig.hostPath("prometheus", ComposeConfig.flag("prometheus", "--config.file"));
        JsonNode prom = YAML.readTree(file.toFile());
        Commands.output(60, Commands.require("promtool", ComposeConfig.INSTALL).toString(), "check", "config",
                file.toString());

        int bridgePort = bridgeConfig().bridge().port();
        JsonNode remoteWrite = prom.path("remote_write");
        assertThat(remoteWrite.size()).isEqualTo(1);
        assertThat(remoteWrite.at("/0/url").asText()).isEqualTo("http://bridge:" + bridgePort + "/api/v1/write");

        int reporter = YAML.readTree(ImageFiles.source("/opt/flink/conf/config.yaml").toFile())
                .at("/metrics/reporter/prom/port").asInt();
        Map<String, String> jobOfTarget = new LinkedHashMap<>();
        for (JsonNode job : prom.path("scrape_configs")) {
            for (JsonNode sc : job.path("static_configs")) {
                sc.path("targets").forEach(t -> jobOfTarget.put(t.asText(), job.path("job_name").asText()));
            }
            for (JsonNode dns : job.path("dns_sd_configs")) {
                dns.path("names").forEach(n -> jobOfTarget.put(n.asText() + ":" + dns.path("port").asInt(),
                        job.path("job_name").asText()));
            }
        }
        assertThat(jobOfTarget).containsKeys("node-exporter:9100", "jobmanager:" + reporter, "taskmanager:" + reporter,
                "bridge:" + bridgePort, "notify:" + notifyConfig().notifier().healthPort());
        for (String target : jobOfTarget.keySet()) {
            String host = target.split(":")[0];
            if (!host.equals("localhost")) {
                assertThat(ComposeConfig.serviceNames()).as("scrape target %s", target).contains(host);
            }
        }
        List<String> sent = jobOfTarget.values().stream().distinct()
                .filter(job -> remoteWritten(remoteWrite.get(0), job)).toList();
        assertThat(sent).as("jobs remote-written to the bridge").contains(jobOfTarget.get("node-exporter:9100"))
                .doesNotContain(jobOfTarget.get("jobmanager:" + reporter), jobOfTarget.get("bridge:" + bridgePort));
    }

    @Test
    void notify_postsToTheAlertmanagerService_andLinksTheDashboard() throws Exception {
        VigilCommand notify = vigilCommand("notify");
        assertThat(notify.name()).isEqualTo("notify");
        assertThat(ImageFiles.source(notify.config().toString())).isEqualTo(SHIPPED_VIGIL_YAML);
        URI am = notifyConfig().notifier().alertmanagerUrl();
        assertThat(am).as("notify.alertmanager.url").isNotNull();
        assertThat(am.getHost()).isEqualTo("alertmanager");
        assertThat(ComposeConfig.serviceNames()).contains(am.getHost());
        assertThat(am.getPort()).isEqualTo(alertmanagerPort());

        Path amConfig = ComposeConfig.hostPath("alertmanager", ComposeConfig.flag("alertmanager", "--config.file"));
        Commands.output(60, Commands.require("amtool", ComposeConfig.INSTALL).toString(), "check-config",
                amConfig.toString());

        String link = notify.parsed().matchedOptionValue("--link", Map.<String, String>of()).values().iterator().next();
        assertThat(URI.create(link).getPath()).isEqualTo("/d/" + provisionedDashboard().path("uid").asText());
    }

    @Test
    void grafana_provisionsPrometheus_andADashboardThatExists() throws Exception {
        Path datasources = ComposeConfig.hostPath("grafana", "/etc/grafana/provisioning/datasources");
        List<JsonNode> sources = new ArrayList<>();
        for (Path f : yamlFiles(datasources)) {
            YAML.readTree(f.toFile()).path("datasources").forEach(sources::add);
        }
        assertThat(sources).as("provisioned data sources").anySatisfy(ds -> {
            assertThat(ds.path("type").asText()).isEqualTo("prometheus");
            URI url = URI.create(ds.path("url").asText());
            assertThat(url.getHost()).isEqualTo("prometheus");
            assertThat(ComposeConfig.ports("prometheus")).extracting(ComposeConfig.Port::target).contains(url.getPort());
        });

        JsonNode dashboard = provisionedDashboard();
        assertThat(dashboard.path("uid").asText()).isNotEmpty();
        assertThat(dashboard.path("panels").size()).isPositive();
        String home = ComposeConfig.environment("grafana").get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
        assertThat(ComposeConfig.hostPath("grafana", home)).isRegularFile();
    }

    // ---- helpers ----

    private record Listener(String name, String host, int port) {}

    private record VigilCommand(CommandLine.ParseResult parsed) {
        String name() {
            return parsed.commandSpec().name();
        }

        Path config() {
            return parsed.matchedOptionValue("--config", null);
        }

        Map<String, String> overrides() {
            return parsed.matchedOptionValue("--set", Map.of());
        }
    }

    /** A `vigil` subcommand as the service's command gives it to io.vigil.cli.VigilCli. */
    private static VigilCommand vigilCommand(String service) {
        List<String> entrypoint = ComposeConfig.words(ComposeConfig.service(service).path("entrypoint"));
        assertThat(entrypoint.get(entrypoint.size() - 1)).isEqualTo(VigilCli.class.getName());
        List<String> command = ComposeConfig.words(ComposeConfig.service(service).path("command"));
        return new VigilCommand(VigilCli.commandLine().parseArgs(command.toArray(String[]::new)).subcommand());
    }

    private static ConfigLoader.BridgeView bridgeConfig() {
        VigilCommand b = vigilCommand("bridge");
        return ConfigLoader.bridge(ImageFiles.source(b.config().toString()), b.overrides());
    }

    /** notify's settings with its flags applied the way NotifyCommand applies them. */
    private static ConfigLoader.NotifyView notifyConfig() {
        VigilCommand n = vigilCommand("notify");
        Map<String, String> overrides = new LinkedHashMap<>(n.overrides());
        String am = n.parsed().matchedOptionValue("--alertmanager-url", null);
        if (am != null) {
            overrides.put("notify.alertmanager.url", am);
        }
        Integer health = n.parsed().matchedOptionValue("--health-port", null);
        if (health != null) {
            overrides.put("notify.health-port", health.toString());
        }
        return ConfigLoader.notifier(ImageFiles.source(n.config().toString()), overrides);
    }

    /** The job's --set overrides: the words after "--" in the jobmanager's command. */
    private static Map<String, String> jobOverrides() {
        List<String> command = ComposeConfig.words(ComposeConfig.service("jobmanager").path("command"));
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = command.indexOf("--") + 1; i < command.size() - 1; i++) {
            if (command.get(i).equals("--set")) {
                String[] kv = command.get(i + 1).split("=", 2);
                out.put(kv[0], kv[1]);
            }
        }
        return out;
    }

    private static int alertmanagerPort() {
        for (String w : ComposeConfig.words(ComposeConfig.service("alertmanager").path("command"))) {
            if (w.startsWith("--web.listen-address=")) {
                return Integer.parseInt(w.substring(w.lastIndexOf(':') + 1));
            }
        }
        return 9093;
    }

    private static Map<String, Listener> listeners(String spec) {
        Map<String, Listener> out = new LinkedHashMap<>();
        for (String l : spec.split(",")) {
            String[] nameAndAddress = l.strip().split("://", 2);
            String address = nameAndAddress[1];
            int colon = address.lastIndexOf(':');
            out.put(nameAndAddress[0], new Listener(nameAndAddress[0], address.substring(0, colon),
                    Integer.parseInt(address.substring(colon + 1))));
        }
        return out;
    }

    /** The advertised listener named after the Kafka service: what the other containers use. */
    private static Listener containerListener() {
        return listeners(ComposeConfig.environment("kafka").get("KAFKA_ADVERTISED_LISTENERS")).values().stream()
                .filter(l -> l.host().equals("kafka")).findFirst()
                .orElseThrow(() -> new AssertionError("no listener advertised as kafka:PORT for the containers"));
    }

    /** The advertised listener a program on the host can reach. */
    private static Listener hostListener() {
        return listeners(ComposeConfig.environment("kafka").get("KAFKA_ADVERTISED_LISTENERS")).values().stream()
                .filter(l -> l.host().equals("localhost") || l.host().equals("127.0.0.1")).findFirst()
                .orElseThrow(() -> new AssertionError("no listener advertised as localhost:PORT for the host"));
    }

    private static List<Integer> published(String service) {
        return ComposeConfig.ports(service).stream().map(ComposeConfig.Port::published).toList();
    }

    private static String portIp(String service, int published) {
        return ComposeConfig.ports(service).stream().filter(p -> p.published() == published)
                .map(ComposeConfig.Port::hostIp).findFirst().orElse("");
    }

    /** FLINK_PROPERTIES as key -> value. */
    private static Map<String, String> flinkProperties(String service) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : ComposeConfig.environment(service).getOrDefault("FLINK_PROPERTIES", "").split("\n")) {
            if (!line.isBlank()) {
                out.put(line.substring(0, line.indexOf(':')).strip(), line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return out;
    }

    /** Whether Prometheus' write_relabel_configs let a scrape job's series through (keep/drop on job). */
    private static boolean remoteWritten(JsonNode remoteWrite, String job) {
        for (JsonNode r : remoteWrite.path("write_relabel_configs")) {
            assertThat(ComposeConfig.words(r.path("source_labels"))).as("relabelling by job only").containsExactly("job");
            boolean matches = Pattern.compile(r.path("regex").asText("(.*)")).matcher(job).matches();
            String action = r.path("action").asText("replace");
            if (action.equals("keep") && !matches || action.equals("drop") && matches) {
                return false;
            }
        }
        return true;
    }

    /** The dashboard that Grafana's file provider loads from the folder compose mounts it into. */
    private static JsonNode provisionedDashboard() throws IOException {
        Path providers = ComposeConfig.hostPath("grafana", "/etc/grafana/provisioning/dashboards");
        List<JsonNode> dashboards = new ArrayList<>();
        for (Path f : yamlFiles(providers)) {
            for (JsonNode p : YAML.readTree(f.toFile()).path("providers")) {
                assertThat(p.path("type").asText("file")).isEqualTo("file");
                String folder = p.at("/options/path").asText();
                for (ComposeConfig.Mount m : ComposeConfig.mounts("grafana")) {
                    if (!m.named() && (m.target().startsWith(folder + "/") || m.target().equals(folder))) {
                        Path host = Path.of(m.source());
                        assertThat(host).as("mounted at %s", m.target()).exists();
                        try (Stream<Path> files = Files.isDirectory(host) ? Files.list(host) : Stream.of(host)) {
                            for (Path d : files.filter(x -> x.toString().endsWith(".json")).toList()) {
                                dashboards.add(new ObjectMapper().readTree(d.toFile()));
                            }
                        }
                    }
                }
            }
        }
        assertThat(dashboards).as("dashboards in the provisioned folders").hasSize(1);
        return dashboards.get(0);
    }

    private static List<Path> yamlFiles(Path dir) throws IOException {
        assertThat(dir).isDirectory();
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> out = files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
                    .sorted().toList();
            assertThat(out).as("provisioning files in %s", dir).isNotEmpty();
            return out;
        }
    }

    /** Compose durations as written here: 30s, 2m, 1m30s. */
    private static Duration composeDuration(String text) {
        return Duration.parse("PT" + text.toUpperCase());
    }
}
