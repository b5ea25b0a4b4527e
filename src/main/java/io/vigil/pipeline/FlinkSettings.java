package io.vigil.pipeline;

import io.vigil.config.JobConfig;

import org.apache.flink.client.program.StreamContextEnvironment;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ConfigConstants;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.GlobalConfiguration;
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
 *       building instead of losing state on the next upgrade); and object reuse between chained
 *       operators (their records are immutable; see {@link #resolve(JobConfig, ReadableConfig,
 *       ReadableConfig)}).</li>
 *   <li>Parallelism, max parallelism and checkpoint interval: the value set in {@code vigil.yaml}
 *       ({@code job.*}) wins, and the log says whose value it replaced; unset there (-1, 0), the
 *       cluster's ({@code flink-conf/config.yaml}, {@code flink run -p}, the REST request); set
 *       nowhere, Vigil's built-in defaults (max parallelism 128, checkpoints every 10 s: the
 *       exactly-once Kafka sinks commit at each one). A REST or web UI submission that names no
 *       parallelism arrives as 1, which the cluster's config file replaces (see
 *       {@link #resolve(JobConfig, ReadableConfig, ReadableConfig)}).</li>
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
        return resolve(job, cluster, null);
    }

    /**
     * As {@link #resolve(JobConfig, ReadableConfig)}, given also {@code clusterFile}: the cluster's
     * own config file as the JobManager read it (null when unknown). A job whose main runs inside
     * the cluster (the REST API, the web UI) is handed parallelism 1 when the request names none:
     * Flink's run handler puts its built-in default in place of the cluster's. When the file says
     * more, its value is what the operator meant, and it is used (and said); {@code job.parallelism}
     * runs a job at 1 on purpose.
     */
    public static Resolved resolve(JobConfig job, ReadableConfig cluster, ReadableConfig clusterFile) {
        Configuration conf = new Configuration();
        List<String> sources = new ArrayList<>();
        required(conf, sources, cluster, PipelineOptions.GENERIC_TYPES, false);
        required(conf, sources, cluster, PipelineOptions.AUTO_GENERATE_UIDS, false);
        // Without object reuse Flink deep-copies every record passed between chained operators (the
        // labels map included) through its serializer: 7-8 % of the whole job's CPU in `vigil bench`
        // on either backend. The copy guards against a function that changes a record after emitting
        // it, or keeps one it was given while another changes it. Vigil's stream types are immutable
        // records built anew by every operator (their arrays and maps are read, never written), and
        // network inputs always deserialize into new objects: the copies protect nothing here.
        required(conf, sources, cluster, PipelineOptions.OBJECT_REUSE, true);
        Integer filed = restDefaulted(job, cluster, clusterFile);
        if (filed != null) {
            conf.set(CoreOptions.DEFAULT_PARALLELISM, filed);
            sources.add(CoreOptions.DEFAULT_PARALLELISM.key() + "=" + filed + " (the cluster's config file: the"
                    + " submission's 1 is what Flink's REST API and web UI send when the request names no"
                    + " parallelism; job.parallelism: 1 runs at 1 on purpose)");
        } else {
            chosen(conf, sources, cluster, CoreOptions.DEFAULT_PARALLELISM, "job.parallelism",
                    job.parallelism() > 0 ? job.parallelism() : null, null);
        }
        chosen(conf, sources, cluster, PipelineOptions.MAX_PARALLELISM, "job.max-parallelism",
                job.maxParallelism() > 0 ? job.maxParallelism() : null, DEFAULT_MAX_PARALLELISM);
        chosen(conf, sources, cluster, CheckpointingOptions.CHECKPOINTING_INTERVAL, "job.checkpoint-interval",
                job.checkpointInterval().isZero() ? null : job.checkpointInterval(), DEFAULT_CHECKPOINT_INTERVAL);
        return new Resolved(conf, List.copyOf(sources));
    }

    /** The cluster file's parallelism where the submission's 1 stands in for it, else null. */
    private static Integer restDefaulted(JobConfig job, ReadableConfig cluster, ReadableConfig clusterFile) {
        if (job.parallelism() > 0 || cluster == null || clusterFile == null
                || !EMBEDDED.equals(cluster.get(DeploymentOptions.TARGET))
                || cluster.getOptional(CoreOptions.DEFAULT_PARALLELISM).orElse(1) != 1) {
            return null;
        }
        int file = clusterFile.getOptional(CoreOptions.DEFAULT_PARALLELISM).orElse(1);
        return file > 1 ? file : null;
    }

    /** The executor of a job whose main runs in the JobManager (REST, web UI, application mode). */
    static final String EMBEDDED = "embedded";

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
        Resolved r = resolve(job, cluster ? context.getConfiguration() : null, cluster ? clusterFile() : null);
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

    /**
     * The cluster's config file, where Flink's scripts and image point {@code FLINK_CONF_DIR} (the
     * JobManager's own environment when the main runs there); null when unset or unreadable.
     */
    private static ReadableConfig clusterFile() {
        String dir = System.getenv(ConfigConstants.ENV_FLINK_CONF_DIR);
        if (dir == null) {
            return null;
        }
        try {
            return GlobalConfiguration.loadConfiguration(dir);
        } catch (RuntimeException e) {
            LOG.warn("Could not read the cluster's config in {} ({}): parallelism as submitted", dir, e.toString());
            return null;
        }
    }

    /** Where local runs, replays and tests keep checkpoints (one subdirectory per job id). */
    public static final java.nio.file.Path LOCAL_CHECKPOINTS =
            java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "vigil-checkpoints");
}
