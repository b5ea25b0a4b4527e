package io.vigil.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * A Flink standalone session cluster of two JVMs, a JobManager
 * ({@code StandaloneSessionClusterEntrypoint}) and a TaskManager ({@code TaskManagerRunner}),
 * started the way flink-dist's scripts start them, from jars of the test classpath (flink-dist
 * itself is not on Maven Central):
 * <ul>
 *   <li>{@code conf/config.yaml} is the shipped {@code flink-conf/config.yaml} with loopback binds,
 *       free ports and every directory (checkpoints, savepoints, uploads, temporary files) under
 *       {@code dir}; its Prometheus metric reporter is left out (flink-dist loads it from
 *       {@code plugins/}, which this cluster has not, and its fixed port could clash with another run);
 *   <li>each JVM's memory flags and {@code -D} settings come from {@code BashJavaUtils}, as
 *       {@code jobmanager.sh} and {@code taskmanager.sh} derive them, and its module flags from the
 *       config's {@code env.java.opts.all};
 *   <li>the classpath holds what flink-dist's {@code lib/} holds: Flink's jars and their
 *       dependencies, never the job's (the Kafka connector, kafka-clients, Jackson, Smile and Vigil
 *       itself must come from the submitted jar, or a jar missing one would pass here);
 *   <li>logs go to {@code dir/logs} ({@code jobmanager.log}, {@code taskmanager.log}, and each
 *       JVM's stdout in a {@code .out} file).
 * </ul>
 * The REST methods are the ones a deployment script uses: upload, run, stop with a savepoint.
 */
public final class StandaloneFlink {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASH_JAVA_UTILS = "org.apache.flink.runtime.util.bash.BashJavaUtils";
    private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";

    /** Jars of the test classpath a flink-dist would hold, by the Maven path of their group. */
    private static final List<String> DIST_GROUPS = List.of(
            "/org/apache/flink/", "/org/snakeyaml/", "/com/esotericsoftware/", "/org/objenesis/",
            "/commons-collections/", "/commons-cli/", "/commons-io/", "/org/apache/commons/",
            "/com/google/code/findbugs/", "/org/javassist/", "/tools/profiler/", "/org/xerial/snappy/",
            "/at/yawk/lz4/", "/com/ververica/", "/org/slf4j/", "/org/apache/logging/log4j/");
    /** Of those, the ones a flink-dist does not hold: test jars, and the connector the job bundles. */
    private static final List<String> NOT_IN_DIST = List.of(
            "-tests.jar", "/flink-test-utils", "/flink-connector-kafka/", "/flink-table-");

    private final Path dir;
    private final URI rest;
    private Process jobManager;
    private Process taskManager;
    private final ChildProcesses children;
    /** How the JVMs were started, to start others in their place. */
    private Launch launch;
    private int taskManagersStarted = 1;
    private int jobManagersStarted = 1;

    private record Launch(String[] jmParams, String[] tmParams, List<String> moduleFlags, Path conf, Path logs,
            String classpath, Path log4j) {}
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private StandaloneFlink(Path dir, URI rest, Process jobManager, Process taskManager, ChildProcesses children) {
        this.dir = dir;
        this.rest = rest;
        this.jobManager = jobManager;
        this.taskManager = taskManager;
        this.children = children;
    }

    /** Writes the configuration and starts both JVMs; {@link #awaitReady} waits for the TaskManager's slots. */
    public static StandaloneFlink start(Path dir, Path shippedConfig, ChildProcesses children) throws Exception {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Path logs = Files.createDirectories(dir.resolve("logs"));
        int restPort = LocalPrometheus.freePort();
        ObjectNode config = (ObjectNode) new YAMLMapper().readTree(shippedConfig.toFile());
        set(config, "jobmanager.rpc.address", "127.0.0.1");
        set(config, "jobmanager.rpc.port", LocalPrometheus.freePort());
        set(config, "jobmanager.bind-host", "127.0.0.1");
        set(config, "taskmanager.host", "127.0.0.1");
        set(config, "taskmanager.bind-host", "127.0.0.1");
        set(config, "rest.address", "127.0.0.1");
        set(config, "rest.bind-address", "127.0.0.1");
        set(config, "rest.port", restPort);
        set(config, "execution.checkpointing.dir", dir.resolve("checkpoints").toUri().toString());
        set(config, "execution.checkpointing.savepoint-dir", savepoints(dir).toUri().toString());
        set(config, "web.upload.dir", Files.createDirectories(dir.resolve("upload")).toString());
        set(config, "web.tmpdir", Files.createDirectories(dir.resolve("web")).toString());
        set(config, "io.tmp.dirs", Files.createDirectories(dir.resolve("tmp")).toString());
        // A killed TaskManager is noticed after two failed heartbeats (3 s apart), not Flink's 50 s.
        set(config, "heartbeat.interval", "3 s");
        set(config, "heartbeat.timeout", "20 s");
        set(config, "blob.storage.directory", Files.createDirectories(dir.resolve("blobs")).toString());
        config.remove("metrics");
        new YAMLMapper().writeValue(conf.resolve("config.yaml").toFile(), config);
        Path log4j = conf.resolve("log4j.properties");
        Files.writeString(log4j, String.join("\n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = MainAppender",
                "logger.kafka.name = org.apache.kafka",
                "logger.kafka.level = WARN",
                // The Kafka connector re-registers metrics on every split and warns each time.
                "logger.metrics.name = org.apache.flink.metrics",
                "logger.metrics.level = ERROR",
                "appender.main.name = MainAppender",
                "appender.main.type = File",
                "appender.main.fileName = ${sys:log.file}",
                "appender.main.layout.type = PatternLayout",
                "appender.main.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-50c - %m%n",
                ""));

        String classpath = distClasspath();
        List<String> moduleFlags = Arrays.asList(config.at("/env/java/opts/all").asText().trim().split("\\s+"));
        // Both derivations at once: each is a JVM start on a machine with few cores.
        CompletableFuture<String[]> jmParams = CompletableFuture.supplyAsync(() -> {
            try {
                return resourceParams("GET_JM_RESOURCE_PARAMS", conf, logs, classpath, log4j, children);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        String[] tmParams = resourceParams("GET_TM_RESOURCE_PARAMS", conf, logs, classpath, log4j, children);
        Process jobManager = startJvm("jobmanager", JOB_MANAGER, jmParams.join(), moduleFlags, conf, logs, classpath,
                log4j, children);
        Process taskManager = startJvm("taskmanager", TASK_MANAGER, tmParams, moduleFlags, conf, logs, classpath, log4j,
                children);
        StandaloneFlink flink = new StandaloneFlink(dir, URI.create("http://127.0.0.1:" + restPort), jobManager,
                taskManager, children);
        flink.launch = new Launch(jmParams.join(), tmParams, moduleFlags, conf, logs, classpath, log4j);
        return flink;
    }

    private static final String JOB_MANAGER = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TASK_MANAGER = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

    /** Kills the JobManager's JVM at once (SIGKILL). Without HA its jobs are gone; checkpoints stay. */
    public void killJobManager() throws InterruptedException {
        jobManager.destroyForcibly().waitFor();
    }

    /** Starts a new JobManager JVM on the same addresses; the TaskManager registers with it again. */
    public void startJobManager() throws IOException {
        jobManagersStarted++;
        Launch l = launch;
        jobManager = startJvm("jobmanager-" + jobManagersStarted, JOB_MANAGER, l.jmParams(), l.moduleFlags(), l.conf(),
                l.logs(), l.classpath(), l.log4j(), children);
    }

    /** The newest completed checkpoint a job left ({@code chk-N} with its metadata), as a path to restore from. */
    public String latestCheckpoint(String jobId) throws IOException {
        Path jobDir = dir.resolve("checkpoints").resolve(jobId);
        try (var dirs = Files.list(jobDir)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("chk-") && Files.exists(d.resolve("_metadata")))
                    .max(java.util.Comparator.comparingLong(d -> Long.parseLong(d.getFileName().toString().substring(4))))
                    .map(d -> "file:" + d.toAbsolutePath()) // as Flink writes checkpoint paths
                    .orElseThrow(() -> new AssertionError("no completed checkpoint under " + jobDir));
        }
    }

    /** Kills the TaskManager's JVM at once (SIGKILL), as a lost machine or an OOM killer would. */
    public void killTaskManager() throws InterruptedException {
        taskManager.destroyForcibly().waitFor();
    }

    /** Starts a new TaskManager JVM in the killed one's place; {@link #awaitReady} waits for it. */
    public void startTaskManager() throws IOException {
        taskManagersStarted++;
        Launch l = launch;
        taskManager = startJvm("taskmanager-" + taskManagersStarted, TASK_MANAGER, l.tmParams(), l.moduleFlags(),
                l.conf(), l.logs(), l.classpath(), l.log4j(), children);
    }

    /** {@code BashJavaUtils COMMAND --configDir conf}: the JVM flags, then the {@code -D} settings. */
    private static String[] resourceParams(String command, Path conf, Path logs, String classpath, Path log4j,
            ChildProcesses children) throws Exception {
        String out = children.run(command, List.of(KafkaBrokerProcess.javaBinary(), "-Xmx128m",
                "-Dlog.file=" + logs.resolve("bash-java-utils.log"), "-Dlog4j.configurationFile=" + log4j.toUri(),
                "-cp", classpath, BASH_JAVA_UTILS, command, "--configDir", conf.toString()),
                logs.resolve(command + ".out"), 60);
        List<String> results = out.lines().filter(l -> l.startsWith(RESULT_PREFIX))
                .map(l -> l.substring(RESULT_PREFIX.length()).trim()).toList();
        if (results.size() != 2) {
            throw new AssertionError(command + " printed " + results.size() + " results, expected 2:\n" + out);
        }
        return results.toArray(String[]::new);
    }

    private static Process startJvm(String name, String mainClass, String[] params, List<String> moduleFlags,
            Path conf, Path logs, String classpath, Path log4j, ChildProcesses children) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(KafkaBrokerProcess.javaBinary());
        cmd.addAll(Arrays.asList(params[0].split("\\s+")));
        cmd.addAll(moduleFlags);
        cmd.addAll(List.of("-Dlog.file=" + logs.resolve(name + ".log"), "-Dlog4j.configurationFile=" + log4j.toUri(),
                "-cp", classpath, mainClass, "--configDir", conf.toString()));
        cmd.addAll(Arrays.asList(params[1].split("\\s+")));
        // flink-dist's config.sh exports FLINK_CONF_DIR to both JVMs; a job's main run by the
        // JobManager reads the cluster's own settings from there.
        return children.start(name, cmd, Map.of("FLINK_CONF_DIR", conf.toString()), logs.resolve(name + ".out"),
                logs.resolve(name + ".log"));
    }

    /** The entries of the test classpath that a flink-dist's {@code lib/} would hold. */
    static String distClasspath() {
        return Arrays.stream(KafkaBrokerProcess.testClasspath().split(File.pathSeparator))
                .filter(e -> e.endsWith(".jar"))
                .filter(e -> DIST_GROUPS.stream().anyMatch(e::contains))
                .filter(e -> NOT_IN_DIST.stream().noneMatch(e::contains))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static void set(ObjectNode root, String key, Object value) {
        String[] parts = key.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            node = child instanceof ObjectNode o ? o : node.putObject(parts[i]);
        }
        if (value instanceof Integer i) {
            node.put(parts[parts.length - 1], i);
        } else {
            node.put(parts[parts.length - 1], value.toString());
        }
    }

    private static Path savepoints(Path dir) {
        return dir.resolve("savepoints");
    }

    /** Where {@code execution.checkpointing.savepoint-dir} points. */
    public Path savepointDir() {
        return savepoints(dir);
    }

    /** Waits until the REST endpoint lists this many TaskManagers with this many slots in all. */
    public StandaloneFlink awaitReady(int taskManagers, int slots, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode overview = null;
        while (System.nanoTime() < deadline) {
            children.assertAlive(jobManager);
            children.assertAlive(taskManager);
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(rest.resolve("/overview"))
                        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
                // 503 while the dispatcher's leader election runs: still starting, like no answer at all.
                if (r.statusCode() == 200) {
                    overview = JSON.readTree(r.body());
                    if (overview.path("taskmanagers").asInt() == taskManagers
                            && overview.path("slots-total").asInt() == slots) {
                        return this;
                    }
                }
            } catch (IOException notListeningYet) {
                // the JobManager's REST endpoint is still starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("cluster not ready after " + timeout + ": " + overview);
    }

    /** {@code POST /jars/upload}; returns the jar's id. */
    public String uploadJar(Path jar) throws Exception {
        String boundary = "----vigil" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        JsonNode r = send(HttpRequest.newBuilder(rest.resolve("/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        if (!r.path("status").asText().equals("success")) {
            throw new AssertionError("upload failed: " + r);
        }
        return Path.of(r.path("filename").asText()).getFileName().toString();
    }

    /**
     * {@code POST /jars/<id>/run}: runs the jar's main class in the JobManager with these program
     * arguments; {@code parallelism} and {@code savepointPath} are left out of the request when null.
     * Returns the job id.
     */
    public String runJar(String jarId, List<String> args, Integer parallelism, String savepointPath)
            throws Exception {
        ObjectNode request = JSON.createObjectNode();
        args.forEach(request.putArray("programArgsList")::add);
        if (parallelism != null) {
            request.put("parallelism", parallelism);
        }
        if (savepointPath != null) {
            request.put("savepointPath", savepointPath);
        }
        return post("/jars/" + jarId + "/run", request).path("jobid").asText();
    }

    /** Waits until the job and every one of its tasks run (checkpoints and savepoints need all of them). */
    public JsonNode awaitRunning(String jobId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode job = null;
        while (System.nanoTime() < deadline) {
            job = get("/jobs/" + jobId);
            String state = job.path("state").asText();
            if (state.equals("FAILED") || state.equals("CANCELED") || state.equals("FINISHED")) {
                throw new AssertionError("job " + jobId + " is " + state + ": " + exceptions(jobId));
            }
            boolean allRunning = job.path("vertices").size() > 0;
            for (JsonNode v : job.path("vertices")) {
                allRunning &= v.path("status").asText().equals("RUNNING");
            }
            if (state.equals("RUNNING") && allRunning) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + jobId + " not running after " + timeout + ": " + job);
    }

    /**
     * {@code POST /jobs/<id>/stop} (no drain: event time does not jump to the end, as for an upgrade)
     * into {@code targetDirectory}, polling the trigger until the savepoint is written and the job
     * has finished. Returns the savepoint's path.
     */
    public String stopWithSavepoint(String jobId, Path targetDirectory, Duration timeout) throws Exception {
        ObjectNode request = JSON.createObjectNode();
        request.put("targetDirectory", targetDirectory.toUri().toString());
        request.put("drain", false);
        String trigger = post("/jobs/" + jobId + "/stop", request).path("request-id").asText();
        long deadline = System.nanoTime() + timeout.toNanos();
        String location = null;
        while (System.nanoTime() < deadline) {
            if (location == null) {
                JsonNode status = get("/jobs/" + jobId + "/savepoints/" + trigger);
                if (status.path("status").path("id").asText().equals("COMPLETED")) {
                    JsonNode op = status.path("operation");
                    if (op.has("failure-cause")) {
                        throw new AssertionError("stop with savepoint failed: " + op.path("failure-cause"));
                    }
                    location = op.path("location").asText();
                }
            }
            if (location != null && get("/jobs/" + jobId).path("state").asText().equals("FINISHED")) {
                return location;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("stop with savepoint of " + jobId + " not done after " + timeout + " (savepoint "
                + location + "): " + get("/jobs/" + jobId).path("state"));
    }

    /** Where the job's state came from: {@code latest.restored} of its checkpoint statistics, once there. */
    public JsonNode awaitRestored(String jobId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode restored = get("/jobs/" + jobId + "/checkpoints").path("latest").path("restored");
            if (restored.isObject()) {
                return restored;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + jobId + " shows no restore after " + timeout);
    }

    /** The job's failures since it started ({@code /jobs/<id>/exceptions}): each one a restart. */
    public JsonNode exceptions(String jobId) throws Exception {
        JsonNode answer = get("/jobs/" + jobId + "/exceptions");
        JsonNode entries = answer.path("exceptionHistory").path("entries");
        if (!entries.isArray()) {
            throw new AssertionError("no exception history in " + answer);
        }
        return entries;
    }

    public JsonNode get(String path) throws Exception {
        return send(HttpRequest.newBuilder(rest.resolve(path)).GET());
    }

    private JsonNode post(String path, JsonNode body) throws Exception {
        return send(HttpRequest.newBuilder(rest.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    private JsonNode send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new AssertionError(r.request().method() + " " + r.uri() + " -> " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }
}
