package io.vigil.config;

import io.vigil.pipeline.FlinkSettings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment files can't be exercised here (no Docker engine, no Kubernetes), so at least keep
 * them consistent: valid YAML, the jar where the image puts it, savepoint upgrades, the strict
 * pipeline settings, and Vigil arguments that Vigil accepts. K8sManifestsTest checks k8s/ as rendered.
 */
class DeploymentFilesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path FLINK_DEPLOYMENT = Path.of("k8s/job/vigil-flinkdeployment.yaml");

    @Test
    void flinkDeployment_matchesImageAndVigilAcceptsItsArguments() throws Exception {
        JsonNode d = YAML.readTree(Files.readString(FLINK_DEPLOYMENT));
        String dockerfile = Files.readString(Path.of("docker/Dockerfile"));
        String jar = d.path("spec").path("job").path("jarURI").asText();
        assertThat(jar).startsWith("local://");
        assertThat(dockerfile).contains(jar.substring("local://".length()));
        assertThat(d.path("spec").path("job").path("upgradeMode").asText()).isEqualTo("savepoint");
        // The strict pipeline settings reach it from flink-conf/config.yaml (K8sManifestsTest renders that).
        assertThat(d.path("spec").path("flinkConfiguration").has("pipeline")).isFalse();

        List<String> args = new ArrayList<>();
        d.path("spec").path("job").path("args").forEach(a -> args.add(a.asText()));
        assertThat(args).contains("--config");
        VigilConfig cfg = ConfigLoader.load(Path.of("flink-conf/vigil.yaml"), ShippedSources.sets(args));
        assertThat(cfg.kafka().bootstrapServers()).isEqualTo("kafka-kafka-bootstrap:9092");
    }

    @Test
    void flinkConfig_isStrict() throws Exception {
        JsonNode c = YAML.readTree(Files.readString(Path.of("flink-conf/config.yaml")));
        assertThat(c.path("pipeline").path("generic-types").asBoolean(true)).isFalse();
        assertThat(c.path("pipeline").path("auto-generate-uids").asBoolean(true)).isFalse();
        assertThat(c.path("pipeline").path("max-parallelism").asInt())
                .isEqualTo(FlinkSettings.DEFAULT_MAX_PARALLELISM);
        assertThat(YAML.readTree(Files.readString(Path.of("docker/docker-compose.yml"))).path("services").has("kafka"))
                .isTrue();
    }

    @Test
    void bridgeDeployment_runsTheBridgeCommandOnItsConfiguredPort() throws Exception {
        List<JsonNode> docs = new ArrayList<>();
        YAML.readerFor(JsonNode.class).readValues(Files.readString(Path.of("k8s/vigil-bridge.yaml")))
                .forEachRemaining(n -> docs.add((JsonNode) n));
        JsonNode container = docs.get(0).at("/spec/template/spec/containers/0");
        List<String> command = new ArrayList<>();
        container.path("command").forEach(a -> command.add(a.asText()));
        assertThat(Class.forName(command.get(command.size() - 1)).getSimpleName()).isEqualTo("VigilCli");
        List<String> args = new ArrayList<>();
        container.path("args").forEach(a -> args.add(a.asText()));
        assertThat(args.get(0)).isEqualTo("bridge");
        assertThat(args.get(2)).startsWith(container.at("/volumeMounts/0/mountPath").asText());
        VigilConfig cfg = ConfigLoader.load(Path.of("flink-conf/vigil.yaml"), ShippedSources.sets(args));
        assertThat(cfg.kafka().bootstrapServers()).isEqualTo("kafka-kafka-bootstrap:9092");
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(cfg.bridge().port());
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/-/ready");
        assertThat(docs.get(0).at("/spec/template/spec/terminationGracePeriodSeconds").asLong())
                .isGreaterThan(cfg.bridge().shutdownGrace().toSeconds());
        assertThat(docs.get(1).at("/spec/ports/0/port").asInt()).isEqualTo(cfg.bridge().port());
        assertThat(Files.readString(Path.of("k8s/kustomization.yaml"))).contains("vigil-bridge.yaml");
        JsonNode compose = YAML.readTree(Files.readString(Path.of("docker/docker-compose.yml")));
        assertThat(compose.at("/services/bridge/command/0").asText()).isEqualTo("bridge");
        assertThat(Files.readString(Path.of("docker/prometheus/prometheus.yml")))
                .contains("http://bridge:" + cfg.bridge().port() + "/api/v1/write");
    }

    /**
     * The training CronJob runs a train command the CLI accepts, publishing into the claim the job
     * mounts at the path its detect.models names; kustomize includes it.
     */
    @Test
    void trainCronJob_publishesWhereTheJobReadsModels() throws Exception {
        List<JsonNode> docs = YAML.readerFor(JsonNode.class)
                .<JsonNode>readValues(Files.readString(Path.of("k8s/vigil-train-cronjob.yaml"))).readAll();
        JsonNode pod = docs.get(1).at("/spec/jobTemplate/spec/template/spec");
        List<String> args = new ArrayList<>();
        pod.at("/containers/0/args").forEach(a -> args.add(a.asText()));
        var parsed = io.vigil.cli.VigilCli.commandLine().parseArgs(args.toArray(new String[0]));
        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("train");
        String out = parsed.subcommand().matchedOptionValue("--out", "");
        String claim = docs.get(0).at("/metadata/name").asText();
        assertThat(pod.at("/volumes/0/persistentVolumeClaim/claimName").asText()).isEqualTo(claim);
        assertThat(pod.at("/containers/0/volumeMounts/0/mountPath").asText()).isEqualTo(out);

        JsonNode d = YAML.readTree(Files.readString(FLINK_DEPLOYMENT));
        List<String> jobArgs = new ArrayList<>();
        d.path("spec").path("job").path("args").forEach(a -> jobArgs.add(a.asText()));
        assertThat(jobArgs).contains("detect.models=" + out);
        JsonNode spec = d.at("/spec/podTemplate/spec");
        String volume = null;
        for (JsonNode v : spec.path("volumes")) {
            if (v.at("/persistentVolumeClaim/claimName").asText().equals(claim)) {
                volume = v.path("name").asText();
            }
        }
        assertThat(volume).as("the job mounts the models claim").isNotNull();
        boolean mounted = false;
        for (JsonNode m : spec.at("/containers/0/volumeMounts")) {
            mounted |= m.path("name").asText().equals(volume) && m.path("mountPath").asText().equals(out);
        }
        assertThat(mounted).isTrue();
        assertThat(Files.readString(Path.of("k8s/kustomization.yaml"))).contains("vigil-train-cronjob.yaml");
    }
}
