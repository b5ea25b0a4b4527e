package io.vigil.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.JobConfig;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.junit.jupiter.api.Test;

import java.time.Duration;

/**
 * Which source wins for each Flink setting: vigil.yaml where it sets one (and the log names the
 * cluster value it replaced), else the cluster's, else Vigil's defaults; Kryo and auto-uids off always.
 */
class FlinkSettingsTest {
    static final JobConfig UNSET = new JobConfig(-1, -1, Duration.ZERO);

    static Configuration cluster() {
        Configuration c = new Configuration();
        c.set(CoreOptions.DEFAULT_PARALLELISM, 4);
        c.set(PipelineOptions.MAX_PARALLELISM, 256);
        c.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(30));
        c.set(PipelineOptions.GENERIC_TYPES, true);
        return c;
    }

    @Test
    void unsetInVigilYaml_theClustersValuesStand_andTheLogSaysSo() {
        FlinkSettings.Resolved r = FlinkSettings.resolve(UNSET, cluster());
        assertThat(r.configuration().getOptional(CoreOptions.DEFAULT_PARALLELISM)).as("not overridden").isEmpty();
        assertThat(r.configuration().getOptional(PipelineOptions.MAX_PARALLELISM)).isEmpty();
        assertThat(r.configuration().getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEmpty();
        assertThat(r.sources()).contains("parallelism.default=4 (the cluster's; job.parallelism unset)",
                "execution.checkpointing.interval=30s (the cluster's; job.checkpoint-interval unset)");
        assertThat(r.configuration().get(PipelineOptions.GENERIC_TYPES)).as("Kryo stays off").isFalse();
        assertThat(r.sources()).contains("pipeline.generic-types=false (required by Vigil; the cluster's true is not used)");
        assertThat(r.configuration().get(PipelineOptions.OBJECT_REUSE)).as("no copies between chained operators")
                .isTrue();
    }

    @Test
    void setInVigilYaml_itWins_namingTheClusterValueItReplaced() {
        FlinkSettings.Resolved r = FlinkSettings.resolve(new JobConfig(2, 128, Duration.ofSeconds(5)), cluster());
        assertThat(r.configuration().get(CoreOptions.DEFAULT_PARALLELISM)).isEqualTo(2);
        assertThat(r.configuration().get(PipelineOptions.MAX_PARALLELISM)).isEqualTo(128);
        assertThat(r.configuration().get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEqualTo(Duration.ofSeconds(5));
        assertThat(r.sources()).contains("parallelism.default=2 (vigil.yaml job.parallelism, replacing the cluster's 4)",
                "pipeline.max-parallelism=128 (vigil.yaml job.max-parallelism, replacing the cluster's 256)");
    }

    static Configuration submitted(String target, int parallelism) {
        Configuration c = cluster();
        c.set(DeploymentOptions.TARGET, target);
        c.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        return c;
    }

    @Test
    void restRequestNamingNoParallelism_theClusterFilesValue_andTheLogSaysWhy() {
        FlinkSettings.Resolved r = FlinkSettings.resolve(UNSET, submitted("embedded", 1), cluster());
        assertThat(r.configuration().get(CoreOptions.DEFAULT_PARALLELISM)).isEqualTo(4);
        assertThat(r.sources()).anySatisfy(l -> assertThat(l).startsWith("parallelism.default=4 (the cluster's config file")
                .contains("REST API"));
        assertThat(r.sources()).filteredOn(l -> l.startsWith("parallelism.default")).hasSize(1);
    }

    @Test
    void parallelismOneOnPurpose_orFromTheClient_orMatchingTheFile_stands() {
        // vigil.yaml says 1.
        assertThat(FlinkSettings.resolve(new JobConfig(1, -1, Duration.ZERO), submitted("embedded", 1), cluster())
                .configuration().get(CoreOptions.DEFAULT_PARALLELISM)).isEqualTo(1);
        // flink run -p 1: the main runs in the client, which sends what it was told.
        assertThat(FlinkSettings.resolve(UNSET, submitted("remote", 1), cluster()).configuration()
                .getOptional(CoreOptions.DEFAULT_PARALLELISM)).isEmpty();
        // A request that names 3: not the REST default.
        assertThat(FlinkSettings.resolve(UNSET, submitted("embedded", 3), cluster()).configuration()
                .getOptional(CoreOptions.DEFAULT_PARALLELISM)).isEmpty();
        // The cluster file says 1 too, or is unknown.
        Configuration fileOfOne = cluster();
        fileOfOne.set(CoreOptions.DEFAULT_PARALLELISM, 1);
        assertThat(FlinkSettings.resolve(UNSET, submitted("embedded", 1), fileOfOne).configuration()
                .getOptional(CoreOptions.DEFAULT_PARALLELISM)).isEmpty();
        assertThat(FlinkSettings.resolve(UNSET, submitted("embedded", 1), null).configuration()
                .getOptional(CoreOptions.DEFAULT_PARALLELISM)).isEmpty();
    }

    @Test
    void setNowhere_vigilsDefaults_andLocallyCheckpointsEveryTenSeconds() {
        FlinkSettings.Resolved r = FlinkSettings.resolve(UNSET, null);
        assertThat(r.configuration().get(PipelineOptions.MAX_PARALLELISM)).isEqualTo(128);
        assertThat(r.configuration().getOptional(CoreOptions.DEFAULT_PARALLELISM)).isEmpty();
        StreamExecutionEnvironment env = FlinkSettings.environment(UNSET, new Configuration());
        assertThat(env.getCheckpointConfig().getCheckpointInterval()).isEqualTo(10_000);
        assertThat(env.getConfig().getMaxParallelism()).isEqualTo(128);
        assertThat(env.getConfiguration().get(RestOptions.BIND_ADDRESS)).as("a local run listens on loopback only")
                .isEqualTo("localhost");
    }
}
