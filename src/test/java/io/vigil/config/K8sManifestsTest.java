package io.vigil.config;

import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.util.TimeUtils;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vigil.bridge.BridgeMetrics;
import io.vigil.cli.VigilCli;
import io.vigil.notify.HttpDelivery;
import io.vigil.notify.Notifier;
import io.vigil.testing.Commands;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes deployment as {@code kubectl apply -k k8s/} sends it: k8s/ rendered by kubectl's kustomize
 * and checked against what the Flink Kubernetes Operator, Strimzi and the Prometheus Operator need, and
 * against Vigil's own configuration (topics, ports, files, metric names). No cluster is needed; kubectl and
 * promtool are (CI installs both), and a missing one fails the test with what to install.
 */
class K8sManifestsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path VIGIL_YAML = Path.of("flink-conf/vigil.yaml");

    /**
     * Keys of flink-conf/config.yaml that the Kubernetes deployment sets otherwise, with the reason. Every
     * other key reaches the FlinkDeployment unchanged.
     */
    private static final Map<String, String> K8S_OVERRIDES = Map.of(
            "execution.checkpointing.dir", "file:// works only while JobManager and TaskManagers share a disk; "
                    + "the pods share the S3 bucket of k8s/vigil-storage.yaml",
            "execution.checkpointing.savepoint-dir", "the operator's upgrade and periodic savepoints must outlive "
                    + "the pods: S3, as the checkpoints");

    /** The kustomize header that makes config.yaml a local-config resource; not Flink settings. */
    private static final Set<String> CONFIG_YAML_HEADER = Set.of("apiVersion", "kind", "metadata");

    /** Secrets the manifests mount but do not contain: the user creates them (k8s/kustomization.yaml says how). */
    private static final Set<String> USER_SECRETS = Set.of("vigil-s3", "vigil-bridge-auth", "vigil-bridge-tls",
            "vigil-notify");

    private static List<JsonNode> rendered;

    @BeforeAll
    static void render() throws Exception {
        Path kubectl = Commands.require("kubectl", "this test renders k8s/ with `kubectl kustomize k8s/` (kubectl "
                + "1.24 or newer, which bundles kustomize v4.5+); install kubectl");
        String out = Commands.output(120, kubectl.toString(), "kustomize", "k8s");
        rendered = YAML.readerFor(JsonNode.class).<JsonNode>readValues(out).readAll();
    }

    @Test
    void render_holdsEveryResource_eachWithApiVersionKindAndName() {
        Set<String> ids = new HashSet<>();
        for (JsonNode r : rendered) {
            assertThat(r.path("apiVersion").asText()).as("apiVersion of %s", r).isNotBlank();
            assertThat(r.path("metadata").path("name").asText()).as("name of %s", r.path("kind")).isNotBlank();
            assertThat(ids.add(id(r))).as("%s appears once", id(r)).isTrue();
            assertThat(r.at("/metadata/annotations/config.kubernetes.io~1local-config").isMissingNode())
                    .as("%s is local to kustomize and must not be applied", id(r)).isTrue();
        }
        assertThat(ids).contains("FlinkDeployment/vigil", "ConfigMap/vigil-config", "ConfigMap/vigil-grafana-dashboard",
                "Deployment/vigil-bridge", "Service/vigil-bridge", "PodDisruptionBudget/vigil-bridge",
                "Deployment/vigil-notify", "CronJob/vigil-train", "PersistentVolumeClaim/vigil-models",
                "PodMonitor/vigil-flink", "ServiceMonitor/vigil-bridge", "PodMonitor/vigil-notify",
                "PrometheusRule/vigil");
        assertThat(ids).as("Secrets are created by the user: one applied from here would overwrite them")
                .noneMatch(i -> i.startsWith("Secret/"));
        Map<String, String> apiVersions = Map.of("FlinkDeployment", "flink.apache.org/v1beta1",
                "KafkaTopic", "kafka.strimzi.io/v1", "PodMonitor", "monitoring.coreos.com/v1",
                "ServiceMonitor", "monitoring.coreos.com/v1", "PrometheusRule", "monitoring.coreos.com/v1",
                "PodDisruptionBudget", "policy/v1", "Deployment", "apps/v1", "CronJob", "batch/v1");
        for (JsonNode r : rendered) {
            String expected = apiVersions.get(r.path("kind").asText());
            if (expected != null) {
                assertThat(r.path("apiVersion").asText()).as(id(r)).isEqualTo(expected);
            }
        }
    }

    @Test
    void configMaps_holdTheFilesTheyAreGeneratedFrom() throws Exception {
        JsonNode config = one("ConfigMap", "vigil-config");
        for (String file : List.of("vigil.yaml", "services.yaml", "controls.yaml")) {
            assertThat(config.at("/data/" + file).asText()).as(file)
                    .isEqualTo(Files.readString(Path.of("flink-conf", file)));
        }
        JsonNode dashboard = one("ConfigMap", "vigil-grafana-dashboard");
        assertThat(dashboard.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
        assertThat(dashboard.at("/data/vigil-dashboard.json").asText())
                .isEqualTo(Files.readString(Path.of("docker/grafana/vigil-dashboard.json")));
    }

    @Test
    void flinkDeployment_hasWhatTheOperatorNeeds() throws Exception {
        JsonNode d = one("FlinkDeployment", "vigil");
        JsonNode spec = d.path("spec");
        String flinkVersion = flinkVersion();
        String dockerfile = Files.readString(Path.of("docker/Dockerfile"));
        assertThat(dockerfile).as("the image is built on the Flink the job compiles against")
                .contains("flink:" + flinkVersion + "-java17");
        String[] v = flinkVersion.split("\\.");
        assertThat(spec.path("flinkVersion").asText()).isEqualTo("v" + v[0] + "_" + v[1]);
        assertThat(Files.readString(Path.of("k8s/job/vigil-flinkdeployment.yaml")))
                .as("the minimum operator version for flinkVersion v2_2 is stated").contains("Operator 1.15.0");

        assertThat(spec.path("image").asText()).isNotBlank();
        assertThat(images()).as("every Vigil workload runs the job's image").containsOnly(spec.path("image").asText());
        assertThat(spec.path("serviceAccount").asText()).isNotBlank();
        JsonNode job = spec.path("job");
        assertThat(job.path("jarURI").asText()).startsWith("local://");
        assertThat(dockerfile).contains(job.path("jarURI").asText().substring("local://".length()));
        assertThat(Class.forName(job.path("entryClass").asText()).getSimpleName()).isEqualTo("VigilJob");
        assertThat(job.path("upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(job.path("state").asText()).isEqualTo("running");

        Map<String, String> conf = flatten(spec.path("flinkConfiguration"));
        assertThat(conf).containsEntry("high-availability.type", "kubernetes");
        for (String dir : List.of("high-availability.storageDir", "execution.checkpointing.dir",
                "execution.checkpointing.savepoint-dir")) {
            assertThat(conf.get(dir)).as(dir).startsWith("s3://");
        }
        Duration savepoints = TimeUtils.parseDuration(conf.get("kubernetes.operator.periodic.savepoint.interval"));
        assertThat(savepoints).as("periodic savepoints").isPositive().isLessThanOrEqualTo(Duration.ofDays(1));
        assertThat(conf).as("Presto's S3 client reads the Secret's keys only with this off")
                .containsEntry("s3.use-instance-credentials", "false");

        JsonNode main = container(spec.at("/podTemplate/spec"), "flink-main-container");
        Map<String, JsonNode> env = env(main);
        assertThat(env.get("ENABLE_BUILT_IN_PLUGINS").path("value").asText())
                .as("the official image links /opt/flink/opt/<jar> into plugins/")
                .isEqualTo("flink-s3-fs-presto-" + flinkVersion + ".jar");
        for (String name : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")) {
            assertThat(env.get(name).has("value")).as(name + " is not written inline").isFalse();
            assertThat(env.get(name).at("/valueFrom/secretKeyRef/name").asText()).as(name).isEqualTo("vigil-s3");
            assertThat(env.get(name).at("/valueFrom/secretKeyRef/key").asText()).as(name).isNotBlank();
        }

        List<String> args = texts(job.path("args"));
        VigilConfig cfg = ConfigLoader.load(VIGIL_YAML, ShippedSources.sets(args));
        assertThat(cfg.detect().models().location()).as("the job reads the store where the claim is mounted")
                .isEqualTo(mountPath(main, "vigil-models"));
        assertThat(args.get(args.indexOf("--config") + 1))
                .startsWith(mountPath(main, "vigil-config") + "/");
    }

    /**
     * One Flink config: every setting of flink-conf/config.yaml reaches the FlinkDeployment with the same value
     * (kustomize copies it), except the state directories, which must differ and are listed with the reason.
     */
    @Test
    void flinkDeployment_takesFlinkConfYaml_exceptTheListedOverrides() throws Exception {
        JsonNode file = YAML.readTree(Path.of("flink-conf/config.yaml").toFile());
        Map<String, String> settings = new TreeMap<>(flatten(file));
        settings.keySet().removeIf(k -> CONFIG_YAML_HEADER.contains(k.split("\\.")[0]));
        assertThat(settings).containsKeys(K8S_OVERRIDES.keySet().toArray(new String[0]));

        JsonNode spec = one("FlinkDeployment", "vigil").path("spec");
        Map<String, String> deployed = flatten(spec.path("flinkConfiguration"));
        List<String> differing = new ArrayList<>();
        settings.forEach((key, value) -> {
            if (K8S_OVERRIDES.containsKey(key)) {
                assertThat(deployed.get(key)).as(key + ": " + K8S_OVERRIDES.get(key)).isNotEqualTo(value)
                        .startsWith("s3://");
            } else if (!value.equals(deployed.get(key))) {
                differing.add(key + ": config.yaml " + value + ", FlinkDeployment " + deployed.get(key));
            }
        });
        assertThat(differing).as("a section of config.yaml missing from k8s/job/kustomization.yaml, or a key "
                + "set in the FlinkDeployment too").isEmpty();
        assertThat(spec.at("/job/parallelism").asText()).isEqualTo(settings.get("parallelism.default"));
        assertThat(spec.at("/jobManager/resource/memory").asText())
                .isEqualTo(settings.get("jobmanager.memory.process.size"));
        assertThat(spec.at("/taskManager/resource/memory").asText())
                .isEqualTo(settings.get("taskmanager.memory.process.size"));

        // Flink itself reads the file, kustomize header and all, as these settings.
        Map<String, String> flink = GlobalConfiguration.loadConfiguration("flink-conf").toMap();
        assertThat(flink).containsAllEntriesOf(settings);
    }

    @Test
    void kafkaTopics_areEveryTopicTheJobTheBridgeAndTheNotifierUse() throws Exception {
        Map<String, JsonNode> topics = new TreeMap<>();
        Set<String> clusters = new TreeSet<>();
        for (JsonNode t : all("KafkaTopic")) {
            String name = t.at("/spec/topicName").asText(t.at("/metadata/name").asText());
            assertThat(topics.put(name, t)).as("topic %s declared once", name).isNull();
            clusters.add(t.at("/metadata/labels/strimzi.io~1cluster").asText());
            int replicas = t.at("/spec/replicas").asInt();
            assertThat(t.at("/spec/partitions").asInt()).as(name + " partitions").isPositive();
            assertThat(replicas).as(name + " replicas").isPositive();
            assertThat(t.at("/spec/config/min.insync.replicas").asInt(1)).as(name + " min.insync.replicas")
                    .isBetween(1, replicas);
        }
        assertThat(clusters).as("strimzi.io/cluster: one Kafka cluster").hasSize(1).doesNotContain("");
        String cluster = clusters.iterator().next();

        JsonNode flink = one("FlinkDeployment", "vigil");
        VigilConfig job = ConfigLoader.load(VIGIL_YAML, ShippedSources.sets(texts(flink.at("/spec/job/args"))));
        ConfigLoader.BridgeView bridge = ConfigLoader.bridge(VIGIL_YAML, ShippedSources.sets(args("vigil-bridge")));
        Map<String, String> notifyArgs = ShippedSources.sets(args("vigil-notify"));
        ConfigLoader.NotifyView notify = ConfigLoader.notifier(VIGIL_YAML, notifyArgs);

        Set<String> used = new TreeSet<>(job.kafka().topics().metrics());
        used.addAll(job.kafka().outputTopics());
        if (!job.kafka().topics().changes().isBlank()) {
            used.add(job.kafka().topics().changes());
        }
        String bridgeTopic = bridge.bridge().topic().isEmpty() ? bridge.kafka().topics().metrics().get(0)
                : bridge.bridge().topic();
        used.add(bridgeTopic);
        used.add(notify.kafka().topics().alerts());
        used.add(notify.notifier().deadLetterTopic());
        assertThat(topics.keySet()).as("KafkaTopics = the topics Vigil uses").isEqualTo(used);
        assertThat(job.kafka().topics().changes()).as("change events are read").isNotBlank();
        assertThat(notify.kafka().topics().alerts()).isEqualTo(job.kafka().topics().alerts());
        assertThat(job.kafka().topics().metrics()).contains(bridgeTopic);

        for (String bootstrap : List.of(job.kafka().bootstrapServers(), bridge.kafka().bootstrapServers(),
                notify.kafka().bootstrapServers())) {
            assertThat(bootstrap).as("Strimzi's bootstrap Service of the topics' cluster")
                    .startsWith(cluster + "-kafka-bootstrap:");
        }

        JsonNode alerts = topics.get(job.kafka().topics().alerts()).at("/spec/config");
        assertThat(List.of(alerts.path("cleanup.policy").asText().split(",")))
                .as("compaction keeps a long incident's firing record for the notifier's rebuild")
                .containsExactlyInAnyOrder("compact", "delete");
        assertThat(alerts.path("retention.ms").asLong()).isGreaterThanOrEqualTo(Duration.ofDays(7).toMillis());
        JsonNode metrics = topics.get(bridgeTopic);
        assertThat(metrics.at("/spec/partitions").asInt()).as("partitions bound the source's parallelism")
                .isGreaterThanOrEqualTo(flink.at("/spec/job/parallelism").asInt());
        assertThat(metrics.at("/spec/config/max.message.bytes").asLong())
                .as("a bridge record can be as large as its producer's max.request.size (4 MiB)")
                .isGreaterThanOrEqualTo(4L << 20);
    }

    @Test
    void bridge_mountsItsSecretsWhereItsConfigReadsThem_andIsProbedOverHttps() throws Exception {
        JsonNode deployment = one("Deployment", "vigil-bridge");
        JsonNode pod = deployment.at("/spec/template/spec");
        JsonNode c = pod.at("/containers/0");
        List<String> command = texts(c.path("command"));
        assertThat(Class.forName(command.get(command.size() - 1)).getSimpleName()).isEqualTo("VigilCli");
        List<String> args = texts(c.path("args"));
        assertThat(subcommand(args)).isEqualTo("bridge");
        assertThat(args.get(args.indexOf("--config") + 1)).startsWith(mountPath(c, "config") + "/");
        BridgeConfig b = ConfigLoader.bridge(VIGIL_YAML, ShippedSources.sets(args)).bridge();

        assertThat(b.bearerTokenFile()).startsWith(secretMount(pod, c, "vigil-bridge-auth") + "/");
        assertThat(b.tls()).isTrue();
        assertThat(b.tlsCertFile()).isEqualTo(secretMount(pod, c, "vigil-bridge-tls") + "/tls.crt");
        assertThat(b.tlsKeyFile()).isEqualTo(secretMount(pod, c, "vigil-bridge-tls") + "/tls.key");

        String port = portName(c, b.port());
        for (String probe : List.of("readinessProbe", "livenessProbe")) {
            assertThat(c.at("/" + probe + "/httpGet/port").asText()).as(probe).isEqualTo(port);
            assertThat(c.at("/" + probe + "/httpGet/scheme").asText()).as(probe + " over TLS").isEqualTo("HTTPS");
        }
        assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/-/ready");
        assertThat(pod.path("terminationGracePeriodSeconds").asLong()).isGreaterThan(b.shutdownGrace().toSeconds());

        JsonNode service = one("Service", "vigil-bridge");
        assertThat(matches(service.at("/spec/selector"), labels(deployment.at("/spec/template")))).isTrue();
        assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(b.port());
        assertThat(service.at("/spec/ports/0/targetPort").asText()).isEqualTo(port);

        JsonNode pdb = one("PodDisruptionBudget", "vigil-bridge");
        assertThat(matches(pdb.at("/spec/selector/matchLabels"), labels(deployment.at("/spec/template")))).isTrue();
        for (JsonNode other : workloads()) {
            if (other != deployment.at("/spec/template")) {
                assertThat(matches(pdb.at("/spec/selector/matchLabels"), labels(other))).as("only bridges").isFalse();
            }
        }
        assertThat(pdb.at("/spec/minAvailable").asInt()).as("a drain can still evict one bridge")
                .isPositive().isLessThan(deployment.at("/spec/replicas").asInt());
    }

    @Test
    void notify_oneReplicaWithItsSecretsAlertmanagerAndHealthProbes() throws Exception {
        JsonNode deployment = one("Deployment", "vigil-notify");
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(deployment.at("/spec/strategy/type").asText()).as("never two notifiers at once")
                .isEqualTo("Recreate");
        JsonNode pod = deployment.at("/spec/template/spec");
        JsonNode c = pod.at("/containers/0");
        List<String> command = texts(c.path("command"));
        assertThat(Class.forName(command.get(command.size() - 1)).getSimpleName()).isEqualTo("VigilCli");
        assertThat(String.join(" ", command)).contains("/opt/flink/usrlib/vigil.jar");
        List<String> args = texts(c.path("args"));
        assertThat(subcommand(args)).isEqualTo("notify");
        CommandLine.ParseResult parsed = VigilCli.commandLine().parseArgs(args.toArray(new String[0])).subcommand();
        String secrets = secretMount(pod, c, "vigil-notify");
        for (String flag : List.of("--pagerduty-routing-key-file", "--slack-webhook-file")) {
            assertThat(parsed.matchedOptionValue(flag, Path.of("")).toString()).as(flag).startsWith(secrets + "/");
        }
        Map<String, String> overrides = new LinkedHashMap<>(ShippedSources.sets(args));
        overrides.put("notify.alertmanager.url", parsed.matchedOptionValue("--alertmanager-url", ""));
        NotifyConfig n = ConfigLoader.notifier(VIGIL_YAML, overrides).notifier();
        assertThat(n.alertmanagerUrl()).as("--alertmanager-url").isNotNull();

        String port = portName(c, n.healthPort());
        for (String probe : List.of("readinessProbe", "livenessProbe")) {
            assertThat(c.at("/" + probe + "/httpGet/path").asText()).as(probe).isEqualTo("/health");
            assertThat(c.at("/" + probe + "/httpGet/port").asText()).as(probe).isEqualTo(port);
        }
    }

    @Test
    void podsMountOnlyConfigMapsAndSecretsThatExistOrThatTheUserCreates() throws Exception {
        String kustomization = Files.readString(Path.of("k8s/kustomization.yaml"));
        Set<String> secrets = new TreeSet<>();
        for (JsonNode pod : workloads()) {
            JsonNode spec = pod.path("spec");
            for (JsonNode v : spec.path("volumes")) {
                if (v.has("configMap")) {
                    one("ConfigMap", v.at("/configMap/name").asText());
                }
                if (v.has("secret")) {
                    secrets.add(v.at("/secret/secretName").asText());
                }
                if (v.has("persistentVolumeClaim")) {
                    one("PersistentVolumeClaim", v.at("/persistentVolumeClaim/claimName").asText());
                }
            }
            for (JsonNode c : spec.path("containers")) {
                for (JsonNode e : c.path("env")) {
                    if (e.at("/valueFrom/secretKeyRef").isObject()) {
                        secrets.add(e.at("/valueFrom/secretKeyRef/name").asText());
                    }
                    if (e.at("/valueFrom/configMapKeyRef").isObject()) {
                        one("ConfigMap", e.at("/valueFrom/configMapKeyRef/name").asText());
                    }
                }
            }
        }
        assertThat(secrets).as("Secrets the pods use, none rendered: each is created by the user")
                .isEqualTo(USER_SECRETS);
        for (String secret : secrets) {
            assertThat(kustomization).as("k8s/kustomization.yaml tells the user to create " + secret).contains(secret);
        }
    }

    @Test
    void monitors_selectPodsThatExist_onPortsTheyExpose() throws Exception {
        Map<String, Integer> ports = new TreeMap<>();
        for (JsonNode m : all("PodMonitor")) {
            String jobLabel = m.at("/spec/jobLabel").asText();
            JsonNode selector = m.at("/spec/selector/matchLabels");
            assertThat(selector.size()).as(id(m) + " selects by label").isPositive();
            List<JsonNode> pods = workloads().stream().filter(p -> matches(selector, labels(p))).toList();
            assertThat(pods).as(id(m) + " selects pods").isNotEmpty();
            for (JsonNode pod : pods) {
                assertThat(labels(pod)).as(id(m) + ": jobLabel").containsKey(jobLabel);
                for (JsonNode e : m.at("/spec/podMetricsEndpoints")) {
                    ports.put(id(m), containerPort(pod, e.path("port").asText()));
                    assertThat(e.path("path").asText("/metrics")).isEqualTo("/metrics");
                }
            }
        }
        for (JsonNode m : all("ServiceMonitor")) {
            JsonNode selector = m.at("/spec/selector/matchLabels");
            assertThat(selector.size()).as(id(m) + " selects by label").isPositive();
            List<JsonNode> services = all("Service").stream()
                    .filter(s -> matches(selector, s.at("/metadata/labels"))).toList();
            assertThat(services).as(id(m) + " selects a Service").isNotEmpty();
            for (JsonNode s : services) {
                assertThat(s.at("/metadata/labels").has(m.at("/spec/jobLabel").asText())).as("jobLabel").isTrue();
                List<JsonNode> pods = workloads().stream().filter(p -> matches(s.at("/spec/selector"), labels(p)))
                        .toList();
                assertThat(pods).as(id(s) + " selects pods").isNotEmpty();
                for (JsonNode e : m.at("/spec/endpoints")) {
                    JsonNode port = null;
                    for (JsonNode p : s.at("/spec/ports")) {
                        port = p.path("name").asText().equals(e.path("port").asText()) ? p : port;
                    }
                    assertThat(port).as(id(m) + " port " + e.path("port")).isNotNull();
                    for (JsonNode pod : pods) {
                        ports.put(id(m), containerPort(pod, port.path("targetPort").asText()));
                    }
                }
            }
        }
        String configYaml = Files.readString(Path.of("flink-conf/config.yaml"));
        int prom = YAML.readTree(configYaml).at("/metrics/reporter/prom/port").asInt();
        VigilConfig defaults = ConfigLoader.load(VIGIL_YAML, Map.of());
        assertThat(ports).containsEntry("PodMonitor/vigil-flink", prom)
                .containsEntry("ServiceMonitor/vigil-bridge", defaults.bridge().port())
                .containsEntry("PodMonitor/vigil-notify",
                        ConfigLoader.notifier(VIGIL_YAML, Map.of()).notifier().healthPort());
        assertThat(one("ServiceMonitor", "vigil-bridge").at("/spec/endpoints/0/scheme").asText())
                .as("the bridge serves only HTTPS once it has a certificate").isEqualTo("https");
    }

    @Test
    void prometheusRule_alertsOnMetricsThatExist_fromJobsTheMonitorsScrape() throws Exception {
        JsonNode rule = one("PrometheusRule", "vigil");
        Set<String> jobs = new TreeSet<>();
        for (String kind : List.of("PodMonitor", "ServiceMonitor")) {
            for (JsonNode m : all(kind)) {
                jobs.add(m.at("/spec/selector/matchLabels").path(m.at("/spec/jobLabel").asText()).asText());
            }
        }
        StringBuilder exprs = new StringBuilder();
        List<String> alerts = new ArrayList<>();
        assertThat(rule.at("/spec/groups").size()).isPositive();
        for (JsonNode g : rule.at("/spec/groups")) {
            assertThat(g.path("rules").size()).as(g.path("name").asText()).isPositive();
            for (JsonNode r : g.path("rules")) {
                alerts.add(r.path("alert").asText());
                assertThat(r.path("alert").asText()).matches("Vigil[A-Za-z]+");
                assertThat(r.path("expr").asText()).as(r.path("alert").asText()).isNotBlank();
                assertThat(r.at("/labels/severity").asText()).as(r.path("alert").asText()).isIn("critical", "warning");
                assertThat(r.at("/annotations/summary").asText()).as(r.path("alert").asText()).isNotBlank();
                exprs.append(r.path("expr").asText()).append('\n');
            }
        }
        assertThat(alerts).doesNotHaveDuplicates();

        Set<String> jobsUsed = new TreeSet<>();
        Matcher job = Pattern.compile("job=~?\"([^\"]+)\"").matcher(exprs);
        while (job.find()) {
            jobsUsed.addAll(List.of(job.group(1).split("\\|")));
        }
        assertThat(jobs).as("the job labels the monitors give").containsAll(jobsUsed).containsAll(List.of(
                "vigil-flink", "vigil-bridge", "vigil-notify"));

        Set<String> vigilCounters = new TreeSet<>();
        Matcher counter = Pattern.compile("flink_taskmanager_job_task_operator_vigil_([a-z_]+)").matcher(exprs);
        while (counter.find()) {
            vigilCounters.add(counter.group(1));
        }
        assertThat(ShippedSources.registeredCounters()).containsAll(vigilCounters);
        String bridgeText = new BridgeMetrics().text();
        String notifyText = new Notifier("kafka:9092", "vigil.alerts", "vigil.notify.deadletter", "vigil-notify",
                new Notifier.Channels(null, null, null, URI.create("http://alertmanager:9093")),
                new HttpDelivery(HttpDelivery.Policy.DEFAULT), line -> { }).metrics();
        Matcher own = Pattern.compile("vigil_(bridge|notify)_[a-z_]+").matcher(exprs);
        int owned = 0;
        while (own.find()) {
            owned++;
            String exposition = own.group(1).equals("bridge") ? bridgeText : notifyText;
            assertThat(exposition).as(own.group()).contains("# TYPE " + own.group() + " ");
        }
        assertThat(owned).isPositive();

        // What the Flink PodMonitor keeps must include every Flink metric the rules and the dashboard use.
        Pattern keep = Pattern.compile(one("PodMonitor", "vigil-flink")
                .at("/spec/podMetricsEndpoints/0/metricRelabelings/0/regex").asText());
        StringBuilder charted = new StringBuilder(exprs);
        new ObjectMapper().readTree(Path.of("docker/grafana/vigil-dashboard.json").toFile()).path("panels")
                .forEach(p -> p.path("targets").forEach(t -> charted.append(t.path("expr").asText()).append('\n')));
        Matcher flink = Pattern.compile("flink_[A-Za-z_]+").matcher(charted);
        int flinkMetrics = 0;
        while (flink.find()) {
            flinkMetrics++;
            assertThat(keep.matcher(flink.group()).matches()).as(flink.group() + " is kept").isTrue();
        }
        assertThat(flinkMetrics).isPositive();

        // The dead man's switch: the notifier reads the job's heartbeat, so its counter moves at least once
        // per heartbeat interval; the rule's window must hold several.
        JsonNode heartbeat = alert(rule, "VigilHeartbeatMissing");
        Matcher window = Pattern.compile("vigil_notify_alerts_read_total\\{[^}]*}\\[(\\w+)]")
                .matcher(heartbeat.path("expr").asText());
        assertThat(window.find()).isTrue();
        Duration interval = ConfigLoader.load(VIGIL_YAML,
                ShippedSources.sets(texts(one("FlinkDeployment", "vigil").at("/spec/job/args")))).alert().heartbeatInterval();
        assertThat(TimeUtils.parseDuration(window.group(1))).isGreaterThanOrEqualTo(interval.multipliedBy(3));
    }

    /** promtool (Debian's prometheus package) accepts the rules, and the heartbeat rule fires when it should. */
    @Test
    void prometheusRule_passesPromtool_andTheHeartbeatRuleFiresOnlyWhenHeartbeatsStop(@TempDir Path dir)
            throws Exception {
        Path promtool = Commands.require("promtool", "this test checks the PrometheusRule with promtool, from "
                + "Debian's prometheus package (.ci/run installs it)");
        JsonNode rule = one("PrometheusRule", "vigil");
        Path rules = dir.resolve("rules.yaml");
        YAML.writeValue(rules.toFile(), rule.path("spec"));
        Commands.output(60, promtool.toString(), "check", "rules", rules.toString());

        JsonNode heartbeat = alert(rule, "VigilHeartbeatMissing");
        ObjectNode expected = YAML.createObjectNode();
        expected.set("exp_labels", heartbeat.path("labels"));
        expected.set("exp_annotations", heartbeat.path("annotations"));
        String tests = """
                rule_files: [rules.yaml]
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      - series: 'vigil_notify_alerts_read_total{job="vigil-notify",instance="a"}'
                        values: '0+1x30'
                    alert_rule_test:
                      - {eval_time: 20m, alertname: VigilHeartbeatMissing, exp_alerts: []}
                  - interval: 1m
                    input_series:
                      - series: 'vigil_notify_alerts_read_total{job="vigil-notify",instance="a"}'
                        values: '0+1x5 5x25'
                    alert_rule_test:
                      - {eval_time: 8m, alertname: VigilHeartbeatMissing, exp_alerts: []}
                      - {eval_time: 20m, alertname: VigilHeartbeatMissing, exp_alerts: [%s]}
                  - interval: 1m
                    input_series: []
                    alert_rule_test:
                      - {eval_time: 20m, alertname: VigilHeartbeatMissing, exp_alerts: [%s]}
                """.formatted(expected, expected);
        Path test = dir.resolve("heartbeat-test.yaml");
        Files.writeString(test, tests);
        Commands.Result r = Commands.run(60, promtool.toString(), "test", "rules", test.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    }

    // ---- the render ----

    private static String id(JsonNode r) {
        return r.path("kind").asText() + "/" + r.at("/metadata/name").asText();
    }

    private static List<JsonNode> all(String kind) {
        return rendered.stream().filter(r -> r.path("kind").asText().equals(kind)).toList();
    }

    private static JsonNode one(String kind, String name) {
        List<JsonNode> found = all(kind).stream().filter(r -> r.at("/metadata/name").asText().equals(name)).toList();
        assertThat(found).as(kind + "/" + name + " in the render").hasSize(1);
        return found.get(0);
    }

    /** The pod templates of every workload: Deployments, the CronJob, the FlinkDeployment (JobManager, TMs). */
    private static List<JsonNode> workloads() {
        List<JsonNode> pods = new ArrayList<>();
        all("Deployment").forEach(d -> pods.add(d.at("/spec/template")));
        all("CronJob").forEach(c -> pods.add(c.at("/spec/jobTemplate/spec/template")));
        all("FlinkDeployment").forEach(f -> pods.add(f.at("/spec/podTemplate")));
        assertThat(pods).allSatisfy(p -> assertThat(p.isObject()).isTrue());
        return pods;
    }

    private static Set<String> images() {
        Set<String> images = new TreeSet<>();
        for (JsonNode pod : workloads()) {
            pod.at("/spec/containers").forEach(c -> {
                if (c.has("image")) {
                    images.add(c.path("image").asText());
                }
            });
        }
        all("FlinkDeployment").forEach(f -> images.add(f.at("/spec/image").asText()));
        return images;
    }

    private static Map<String, String> labels(JsonNode podTemplate) {
        Map<String, String> labels = new TreeMap<>();
        podTemplate.at("/metadata/labels").fields()
                .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    private static boolean matches(JsonNode selector, JsonNode labels) {
        Map<String, String> l = new TreeMap<>();
        labels.fields().forEachRemaining(e -> l.put(e.getKey(), e.getValue().asText()));
        return matches(selector, l);
    }

    private static boolean matches(JsonNode selector, Map<String, String> labels) {
        if (!selector.isObject() || selector.isEmpty()) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = selector.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().asText().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode container(JsonNode podSpec, String name) {
        for (JsonNode c : podSpec.path("containers")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no container " + name + " in " + podSpec);
    }

    private static Map<String, JsonNode> env(JsonNode container) {
        Map<String, JsonNode> env = new TreeMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
        return env;
    }

    /** The container port with this name in any container of the pod template. */
    private static int containerPort(JsonNode podTemplate, String name) {
        for (JsonNode c : podTemplate.at("/spec/containers")) {
            for (JsonNode p : c.path("ports")) {
                if (p.path("name").asText().equals(name)) {
                    return p.path("containerPort").asInt();
                }
            }
        }
        throw new AssertionError("no container port named " + name + " in " + podTemplate.at("/metadata/labels"));
    }

    private static String portName(JsonNode container, int port) {
        for (JsonNode p : container.path("ports")) {
            if (p.path("containerPort").asInt() == port) {
                return p.path("name").asText();
            }
        }
        throw new AssertionError("container " + container.path("name") + " does not expose port " + port);
    }

    private static String mountPath(JsonNode container, String volume) {
        for (JsonNode m : container.path("volumeMounts")) {
            if (m.path("name").asText().equals(volume)) {
                return m.path("mountPath").asText();
            }
        }
        throw new AssertionError("volume " + volume + " is not mounted in " + container.path("name"));
    }

    /** Where the container mounts the volume that holds this Secret. */
    private static String secretMount(JsonNode podSpec, JsonNode container, String secret) {
        for (JsonNode v : podSpec.path("volumes")) {
            if (v.at("/secret/secretName").asText().equals(secret)) {
                return mountPath(container, v.path("name").asText());
            }
        }
        throw new AssertionError("no volume holds the Secret " + secret);
    }

    private static List<String> args(String deployment) {
        return texts(one("Deployment", deployment).at("/spec/template/spec/containers/0/args"));
    }

    private static JsonNode alert(JsonNode rule, String name) {
        for (JsonNode g : rule.at("/spec/groups")) {
            for (JsonNode r : g.path("rules")) {
                if (r.path("alert").asText().equals(name)) {
                    return r;
                }
            }
        }
        throw new AssertionError("no alert " + name);
    }

    // ---- Vigil's side ----

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(a -> out.add(a.asText()));
        return out;
    }

    private static String subcommand(List<String> args) {
        return VigilCli.commandLine().parseArgs(args.toArray(new String[0])).subcommand().commandSpec().name();
    }

    private static String flinkVersion() throws Exception {
        Matcher m = Pattern.compile("<flink.version>([0-9.]+)</flink.version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /**
     * Flink's flat keys of a nested YAML map, as the operator flattens flinkConfiguration (nested and dotted
     * keys mix). A key reached twice (nested and dotted) is an error: which one wins is not defined.
     */
    private static Map<String, String> flatten(JsonNode node) {
        Map<String, String> flat = new TreeMap<>();
        flatten(node, "", flat);
        return flat;
    }

    private static void flatten(JsonNode node, String prefix, Map<String, String> flat) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> flatten(e.getValue(),
                    prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), flat));
        } else {
            assertThat(node.isArray()).as(prefix + " is a scalar").isFalse();
            assertThat(flat.put(prefix, node.asText())).as(prefix + " is set once").isNull();
        }
    }
}
