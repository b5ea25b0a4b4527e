package io.vigil.pipeline;

import io.vigil.config.JobConfig;

import org.apache.flink.client.program.StreamContextEnvironment;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The Flink settings Vigil runs with, and which source wins for each (one rule, logged at start):
 * <ul>
 *   <li>Always, whatever the cluster says: no Kryo fallback (a state type that silently becomes
 *       Kryo breaks savepoint compatibility) and no auto-generated uids (a missing uid fails graph
 *       building instead of losing state on the next upgrade).</li>
 *   <li>Parallelism, max parallelism and checkpoint interval: the value set in {@code vigil.yaml}
 *       ({@code job.*}) wins, and the log says whose value it replaced; unset there (-1, 0), the
 *       cluster's ({@code flink-conf/config.yaml}, {@code flink run -p}, the REST request); set
 *       nowhere, Vigil's built-in defaults (max parallelism 128, checkpoints every 10 s: the
 *       exactly-once Kafka sinks commit at each one).</li>
 * </ul>
 */
public final class FlinkSettings {
    private static final Logger LOG = LoggerFactory.getLogger(FlinkSettings.class);
    public static final int DEFAULT_MAX_PARALLELISM = 128;
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

    private FlinkSettings() {}

    /** The settings to run with, and one line per setting saying where its value came from. */
    public record Resolved(Configuration configuration, List<String> sources) {}

    /**
     * Resolves the settings of {@code job} against {@code cluster} (the configuration the job was
     * submitted with; null outside a cluster).
     */
    public static Resolved resolve(JobConfig job, ReadableConfig cluster) {
        Configuration conf = new Configuration();
        List<String> sources = new ArrayList<>();
        required(conf, sources, cluster, PipelineOptions.GENERIC_TYPES, false);
        required(conf, sources, cluster, PipelineOptions.AUTO_GENERATE_UIDS, false);
        chosen(conf, sources, cluster, CoreOptions.DEFAULT_PARALLELISM, "job.parallelism",
                job.parallelism() > 0 ? job.parallelism() : null, null);
        chosen(conf, sources, cluster, PipelineOptions.MAX_PARALLELISM, "job.max-parallelism",
                job.maxParallelism() > 0 ? job.maxParallelism() : null, DEFAULT_MAX_PARALLELISM);
        chosen(conf, sources, cluster, CheckpointingOptions.CHECKPOINTING_INTERVAL, "job.checkpoint-interval",
                job.checkpointInterval().isZero() ? null : job.checkpointInterval(), DEFAULT_CHECKPOINT_INTERVAL);
        return new Resolved(conf, List.copyOf(sources));
    }

    private static <T> void required(Configuration conf, List<String> sources, ReadableConfig cluster,
            ConfigOption<T> option, T value) {
        conf.set(option, value);
        T theirs = cluster == null ? null : cluster.getOptional(option).orElse(null);
        sources.add(option.key() + "=" + value + (theirs == null || theirs.equals(value) ? " (required by Vigil)"
                : " (required by Vigil; the cluster's " + theirs + " is not used)"));
    }

    private static <T> void chosen(Configuration conf, List<String> sources, ReadableConfig cluster,
            ConfigOption<T> option, String vigilKey, T ours, T builtIn) {
        T theirs = cluster == null ? null : cluster.getOptional(option).orElse(null);
        if (ours != null) {
            conf.set(option, ours);
            sources.add(option.key() + "=" + text(ours) + " (vigil.yaml " + vigilKey
                    + (theirs == null || Objects.equals(theirs, ours) ? ")"
                            : ", replacing the cluster's " + text(theirs) + ")"));
        } else if (theirs != null) {
            sources.add(option.key() + "=" + text(theirs) + " (the cluster's; " + vigilKey + " unset)");
        } else if (builtIn != null) {
            conf.set(option, builtIn);
            sources.add(option.key() + "=" + text(builtIn) + " (Vigil's default: set neither in vigil.yaml "
                    + vigilKey + " nor by the cluster)");
        } else {
            sources.add(option.key() + " Flink's default (set neither in vigil.yaml " + vigilKey
                    + " nor by the cluster)");
        }
    }

    private static String text(Object v) {
        return v instanceof Duration d ? d.toString().substring(2).toLowerCase() : String.valueOf(v);
    }

    /**
     * The environment of the current context (a cluster under {@code flink run} or the REST API,
     * else local), with the settings {@link #resolve} chose, logged. Outside a cluster, checkpoints
     * go to files under the temporary directory unless a directory is set: Flink's default keeps
     * them in the JobManager's heap and fails any checkpoint with over 5 MB of state in one
     * subtask, which a few thousand series or a handful of forests exceed. A cluster keeps its own
     * {@code execution.checkpointing.dir} (flink-conf/config.yaml).
     */
    public static StreamExecutionEnvironment environment(JobConfig job, Configuration extra) {
        StreamExecutionEnvironment context = StreamExecutionEnvironment.getExecutionEnvironment();
        boolean cluster = context instanceof StreamContextEnvironment;
        Resolved r = resolve(job, cluster ? context.getConfiguration() : null);
        LOG.info("Flink settings: {}", String.join("; ", r.sources()));
        Configuration conf = r.configuration();
        conf.addAll(extra);
        if (!cluster && !conf.contains(CheckpointingOptions.CHECKPOINTS_DIRECTORY)) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, LOCAL_CHECKPOINTS.toUri().toString());
        }
        if (!cluster && !conf.contains(RestOptions.BIND_ADDRESS)) {
            // A local run's web UI and REST API (which can cancel the job) are this machine's only.
            conf.set(RestOptions.BIND_ADDRESS, "localhost");
        }
        return StreamExecutionEnvironment.getExecutionEnvironment(conf);
    }

    /** Where local runs, replays and tests keep checkpoints (one subdirectory per job id). */
    public static final java.nio.file.Path LOCAL_CHECKPOINTS =
            java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "vigil-checkpoints");
}
