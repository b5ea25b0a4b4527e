package io.vigil.pipeline;

import io.vigil.config.JobConfig;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.client.program.StreamContextEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Flink settings Vigil always runs with, cluster and tests alike: no Kryo fallback (a state
 * type that silently becomes Kryo breaks savepoint compatibility), no auto-generated uids (a
 * missing uid fails graph building instead of losing state on the next upgrade), checkpoints on
 * (the exactly-once Kafka sinks commit at each one).
 */
public final class FlinkSettings {
    private FlinkSettings() {}

    public static Configuration strict(JobConfig job) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        conf.set(PipelineOptions.MAX_PARALLELISM, job.maxParallelism());
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, job.checkpointInterval());
        if (job.parallelism() > 0) {
            conf.set(CoreOptions.DEFAULT_PARALLELISM, job.parallelism());
        }
        return conf;
    }

    /**
     * The environment of the current context (a cluster under {@code flink run}, else local). Outside
     * a cluster, checkpoints go to files under the temporary directory unless a directory is set:
     * Flink's default keeps them in the JobManager's heap and fails any checkpoint with over 5 MB of
     * state in one subtask, which a few thousand series or a handful of forests exceed. A cluster
     * keeps its own {@code execution.checkpointing.dir} (flink-conf/config.yaml).
     */
    public static StreamExecutionEnvironment environment(JobConfig job, Configuration extra) {
        Configuration conf = strict(job);
        conf.addAll(extra);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        if (env instanceof StreamContextEnvironment || conf.contains(CheckpointingOptions.CHECKPOINTS_DIRECTORY)) {
            return env;
        }
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, LOCAL_CHECKPOINTS.toUri().toString());
        return StreamExecutionEnvironment.getExecutionEnvironment(conf);
    }

    /** Where local runs, replays and tests keep checkpoints (one subdirectory per job id). */
    public static final java.nio.file.Path LOCAL_CHECKPOINTS =
            java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "vigil-checkpoints");
}
