package io.vigil.pipeline;

import io.vigil.config.JobConfig;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.PipelineOptions;
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

    /** The environment of the current context (a cluster under {@code flink run}, else local). */
    public static StreamExecutionEnvironment environment(JobConfig job, Configuration extra) {
        Configuration conf = strict(job);
        conf.addAll(extra);
        return StreamExecutionEnvironment.getExecutionEnvironment(conf);
    }
}
