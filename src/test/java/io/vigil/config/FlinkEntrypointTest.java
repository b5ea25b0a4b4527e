package io.vigil.config;

import io.vigil.VigilJob;
import io.vigil.cli.RunCommand;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.container.entrypoint.StandaloneApplicationClusterConfigurationParserFactory;
import org.apache.flink.runtime.entrypoint.ClusterConfiguration;
import org.apache.flink.runtime.entrypoint.parser.CommandLineParser;
import org.apache.flink.runtime.entrypoint.parser.ParserResultFactory;
import org.apache.flink.runtime.state.CheckpointStorage;
import org.apache.flink.runtime.state.CheckpointStorageLoader;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.runtime.state.storage.FileSystemCheckpointStorage;
import org.apache.flink.runtime.util.bash.FlinkConfigLoader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

import picocli.CommandLine;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Vigil image started as the official Flink image's entry point starts it. There is no Docker
 * engine here, so the test hands Flink's own classes what the image's scripts would:
 * <ul>
 *   <li>{@code docker-entrypoint.sh standalone-job ARGS} runs {@code standalone-job.sh start-foreground ARGS},
 *       which starts {@code StandaloneApplicationClusterEntryPoint --configDir /opt/flink/conf ARGS};
 *       that class parses its arguments with {@code StandaloneApplicationClusterConfigurationParserFactory}
 *       and runs the job's main with what is left;</li>
 *   <li>before any of that, the entry point rewrites {@code conf/config.yaml} through
 *       {@code config-parser-utils.sh} (Flink's {@code FlinkConfigLoader}) with {@code -Dkey=value} for
 *       {@code jobmanager.rpc.address} (from {@code JOB_MANAGER_RPC_ADDRESS}, else the container's
 *       hostname), the blob and query ports, then each line of {@code FLINK_PROPERTIES}.</li>
 * </ul>
 */
class FlinkEntrypointTest {
    /** Where standalone-job.sh points --configDir: FLINK_CONF_DIR, unset in the image, defaults to $FLINK_HOME/conf. */
    private static final String FLINK_CONF_DIR = "/opt/flink/conf";
    /** What the entry point falls back to without JOB_MANAGER_RPC_ADDRESS: `hostname -f`, a container id. */
    private static final String CONTAINER_HOSTNAME = "3f2a9c1d7e4b";

    @Test
    void standaloneJob_composeCommand_reachesTheJobIntact() throws Exception {
        List<String> command = ComposeConfig.words(ComposeConfig.service("jobmanager").path("command"));
        assertThat(command.get(0)).isEqualTo("standalone-job");

        ClusterConfiguration parsed = entryPoint(command);

        assertThat(parsed.getConfigDir()).as("Flink's own configuration directory").isEqualTo(FLINK_CONF_DIR);
        assertThat(jobClassName(parsed)).isEqualTo(VigilJob.class.getName());
        List<String> jobArgs = List.of(parsed.getArgs());
        assertThat(jobArgs).as("every word after -- reaches the job").isEqualTo(afterSeparator(command));
        // What the job's main (VigilJob -> RunCommand) makes of them.
        CommandLine.ParseResult run = new CommandLine(new RunCommand()).parseArgs(jobArgs.toArray(String[]::new));
        Path config = run.matchedOptionValue("--config", null);
        Map<String, String> overrides = run.matchedOptionValue("--set", Map.of());
        assertThat(config).as("the job is given a vigil.yaml").isEqualTo(Path.of("/opt/vigil/conf/vigil.yaml"));
        Path shipped = ImageFiles.source(config.toString());
        assertThat(shipped).isEqualTo(Path.of("flink-conf/vigil.yaml"));
        VigilConfig cfg = ConfigLoader.load(shipped, overrides);
        assertThat(cfg.kafka().bootstrapServers()).isEqualTo("kafka:9092");
    }

    /** Why the compose command has a "--": the same words without it lose the config file. */
    @Test
    void standaloneJob_configWithoutSeparator_isTakenForConfigDirAndDropped() throws Exception {
        for (String config : List.of("--config /opt/vigil/conf/vigil.yaml", "--config=/opt/vigil/conf/vigil.yaml")) {
            List<String> command = new ArrayList<>(List.of("standalone-job", "--job-classname", "io.vigil.VigilJob"));
            command.addAll(List.of(config.split(" ")));
            command.addAll(List.of("--set", "kafka.bootstrap-servers=kafka:9092"));

            ClusterConfiguration parsed = entryPoint(command);

            assertThat(parsed.getArgs()).as(config).containsExactly("--set", "kafka.bootstrap-servers=kafka:9092");
        }
    }

    static Stream<Arguments> flinkContainers() {
        return Stream.of("jobmanager", "taskmanager")
                .flatMap(s -> Stream.of(PropertiesParsing.values()).map(p -> Arguments.of(s, p)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("flinkContainers")
    void imageConfig_composeEnvironment_overridesConfigYamlPerContainer(String service, PropertiesParsing parsing,
            @TempDir Path conf) throws Exception {
        Files.copy(ImageFiles.source(FLINK_CONF_DIR + "/config.yaml"), conf.resolve("config.yaml"));
        Map<String, String> env = ComposeConfig.environment(service);

        rewrite(conf, List.of(
                "jobmanager.rpc.address", env.getOrDefault("JOB_MANAGER_RPC_ADDRESS", CONTAINER_HOSTNAME),
                "blob.server.port", "6124",
                "query.server.port", "6125"));
        rewrite(conf, parsing.keysAndValues(env.getOrDefault("FLINK_PROPERTIES", "")));
        Configuration effective = GlobalConfiguration.loadConfiguration(conf.toString());

        assertThat(effective.get(JobManagerOptions.ADDRESS)).as("every container finds the JobManager")
                .isEqualTo("jobmanager");
        assertThat(effective.get(RestOptions.ADDRESS)).isEqualTo("jobmanager");
        String volume = sharedVolumeTarget(service);
        for (var dir : List.of(CheckpointingOptions.CHECKPOINTS_DIRECTORY, CheckpointingOptions.SAVEPOINT_DIRECTORY)) {
            assertThat(effective.get(dir)).as("%s as Flink reads it: a blank in front breaks the path", dir.key())
                    .matches("\\S+");
        }
        CheckpointStorage storage = CheckpointStorageLoader.load(null, new HashMapStateBackend(), new Configuration(),
                effective, getClass().getClassLoader(), LoggerFactory.getLogger(FlinkEntrypointTest.class));
        assertThat(storage).isInstanceOf(FileSystemCheckpointStorage.class);
        FileSystemCheckpointStorage files = (FileSystemCheckpointStorage) storage;
        assertThat(files.getCheckpointPath().toUri().getScheme()).isEqualTo("file");
        assertThat(files.getCheckpointPath().toUri().getPath()).as("checkpoints on the shared volume")
                .startsWith(volume + "/");
        assertThat(files.getSavepointPath().toUri().getPath()).as("savepoints on the shared volume")
                .startsWith(volume + "/");
        // What config.yaml holds survives the rewrite.
        assertThat(effective.get(PipelineOptions.GENERIC_TYPES)).isFalse();
        assertThat(effective.get(PipelineOptions.AUTO_GENERATE_UIDS)).isFalse();
        assertThat(effective.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(effective.getString("metrics.reporter.prom.factory.class", ""))
                .isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        assertThat(effective.getString("metrics.reporter.prom.port", "")).isEqualTo("9249");
        assertThat(effective.get(JobManagerOptions.BIND_HOST)).isEqualTo("0.0.0.0");
        assertThat(effective.get(TaskManagerOptions.BIND_HOST)).isEqualTo("0.0.0.0");
        assertThat(effective.get(RestOptions.BIND_ADDRESS)).isEqualTo("0.0.0.0");
        assertThat(effective.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isPositive();
    }

    /** The entry point, running as flink, must be able to rewrite the configuration it was given. */
    @Test
    void dockerfile_installsConfigYaml_writableByTheEntryPoint() {
        ImageFiles.Copy conf = ImageFiles.copies().get(FLINK_CONF_DIR + "/config.yaml");
        assertThat(conf).as("docker/Dockerfile copies flink-conf/config.yaml into the image").isNotNull();
        assertThat(conf.source()).isEqualTo(Path.of("flink-conf/config.yaml"));
        assertThat(conf.owner()).startsWith("flink");
    }

    /**
     * The two ways the official image's {@code process_flink_properties} has read a FLINK_PROPERTIES
     * line in its 2.x releases. Values must come out the same under both.
     */
    enum PropertiesParsing {
        /** All whitespace deleted from the line, then split at the first colon. */
        WHITESPACE_DELETED,
        /** The line trimmed, then split at the first colon: the value keeps a blank after the colon. */
        LINE_TRIMMED;

        List<String> keysAndValues(String flinkProperties) {
            List<String> out = new ArrayList<>();
            for (String line : flinkProperties.split("\n")) {
                String prop = this == WHITESPACE_DELETED ? line.replaceAll("\\s", "") : line.strip();
                if (prop.isEmpty()) {
                    continue;
                }
                int colon = prop.indexOf(':');
                out.add(colon < 0 ? prop : prop.substring(0, colon));
                out.add(colon < 0 ? "" : prop.substring(colon + 1));
            }
            return out;
        }
    }

    /** config-parser-utils.sh: Flink rewrites config.yaml with the given keys set as dynamic properties. */
    private static void rewrite(Path confDir, List<String> keysAndValues) throws Exception {
        List<String> args = new ArrayList<>(List.of("--configDir", confDir.toString()));
        for (int i = 0; i < keysAndValues.size(); i += 2) {
            args.add("-D" + keysAndValues.get(i) + "=" + keysAndValues.get(i + 1));
        }
        Files.write(confDir.resolve("config.yaml"), FlinkConfigLoader.loadAndModifyConfiguration(args.toArray(String[]::new)));
    }

    /** docker-entrypoint.sh -> standalone-job.sh -> the application-mode entry point's own parser. */
    private static ClusterConfiguration entryPoint(List<String> composeCommand) throws Exception {
        List<String> argv = new ArrayList<>(List.of("--configDir", FLINK_CONF_DIR));
        argv.addAll(composeCommand.subList(1, composeCommand.size()));
        ParserResultFactory<?> factory = new StandaloneApplicationClusterConfigurationParserFactory();
        return (ClusterConfiguration) new CommandLineParser<>(factory).parse(argv.toArray(String[]::new));
    }

    /** The parsed job class (the result type is package-private in Flink). */
    private static String jobClassName(ClusterConfiguration parsed) throws Exception {
        Method m = parsed.getClass().getDeclaredMethod("getJobClassName");
        m.setAccessible(true);
        return (String) m.invoke(parsed);
    }

    private static List<String> afterSeparator(List<String> command) {
        int separator = command.indexOf("--");
        assertThat(separator).as("the job's arguments follow a \"--\"").isPositive();
        return command.subList(separator + 1, command.size());
    }

    /** Where the service mounts the named volume that both Flink services mount. */
    private static String sharedVolumeTarget(String service) {
        List<ComposeConfig.Mount> jm = ComposeConfig.mounts("jobmanager");
        List<ComposeConfig.Mount> tm = ComposeConfig.mounts("taskmanager");
        for (ComposeConfig.Mount m : ComposeConfig.mounts(service)) {
            if (m.named() && jm.contains(m) && tm.contains(m)) {
                return m.target();
            }
        }
        throw new AssertionError("the jobmanager and the taskmanager share no named volume");
    }
}
