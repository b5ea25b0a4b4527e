package io.vigil.testing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A single-node KRaft Kafka broker as its own JVM ({@code kafka.Kafka}), the way a broker is run
 * outside tests: a {@code server.properties} on two free loopback ports, the log directory
 * formatted by {@code kafka.tools.StorageTool}, the broker's log in {@code dir/kafka.log}. The
 * Kafka jars come from the test classpath (kafka_2.13 through kafka-test-common-runtime).
 */
public final class KafkaBrokerProcess {
    private final String bootstrapServers;
    private Process process;
    private final ChildProcesses children;
    private final List<String> command;
    private final Path dir;
    private int restarts;
    private String saslBootstrapServers;

    private KafkaBrokerProcess(String bootstrapServers, Process process, ChildProcesses children, List<String> command,
            Path dir) {
        this.bootstrapServers = bootstrapServers;
        this.process = process;
        this.children = children;
        this.command = command;
        this.dir = dir;
    }

    /**
     * Stops the broker (SIGTERM: it shuts down cleanly, as an orchestrator's restart does), then
     * starts it again on the same port and data; {@link #awaitReady} waits for it.
     */
    public void restart() throws Exception {
        restart(Duration.ZERO);
    }

    /** The same, with the broker down for {@code down} before it starts again. */
    public void restart(Duration down) throws Exception {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        Thread.sleep(down.toMillis());
        restarts++;
        process = children.start("kafka-broker-" + restarts, command, dir.resolve("kafka-" + restarts + ".out"),
                dir.resolve("kafka.log"));
    }

    /** Formats the storage and starts the broker; returns without waiting for it (see {@link #awaitReady}). */
    public static KafkaBrokerProcess start(Path dir, ChildProcesses children) throws Exception {
        return start(dir, children, null);
    }

    /**
     * The same with a second listener, {@code SASL_PLAINTEXT} with the PLAIN mechanism, that lets in
     * one user ({@link #saslBootstrapServers}); the plain listener stays for the test's own clients.
     *
     * @param saslUser {user, password}, or null for no such listener
     */
    public static KafkaBrokerProcess start(Path dir, ChildProcesses children, String[] saslUser) throws Exception {
        Files.createDirectories(dir);
        int port = LocalPrometheus.freePort();
        int controllerPort = LocalPrometheus.freePort();
        int saslPort = saslUser == null ? -1 : LocalPrometheus.freePort();
        String listeners = "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort
                + (saslUser == null ? "" : ",SASL_PLAINTEXT://127.0.0.1:" + saslPort);
        List<String> sasl = saslUser == null ? List.of() : List.of(
                "sasl.enabled.mechanisms=PLAIN",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config="
                        + "org.apache.kafka.common.security.plain.PlainLoginModule required user_" + saslUser[0] + "=\""
                        + saslUser[1] + "\";");
        Path properties = dir.resolve("server.properties");
        Files.writeString(properties, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "listeners=" + listeners,
                "advertised.listeners=" + listeners,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT",
                String.join("\n", sasl),
                "log.dirs=" + dir.resolve("data"),
                // One broker: internal topics must not ask for replicas that cannot exist.
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                ""));
        Path log4j = dir.resolve("log4j2.properties");
        Files.writeString(log4j, String.join("\n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = File",
                "appender.file.type = File",
                "appender.file.name = File",
                "appender.file.fileName = " + dir.resolve("kafka.log"),
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p [%c{1}] %m%n",
                ""));
        List<String> java = List.of(javaBinary(), "-cp", testClasspath(), "-Dlog4j2.configurationFile=" + log4j);

        // The cluster id is a Kafka Uuid, as `StorageTool random-uuid` prints it.
        List<String> format = new ArrayList<>(java);
        format.addAll(List.of("-Xmx256m", "kafka.tools.StorageTool", "format", "--standalone",
                "-t", Uuid.randomUuid().toString(), "-c", properties.toString()));
        children.run("kafka-storage-format", format, dir.resolve("format.out"), 60);

        List<String> broker = new ArrayList<>(java);
        broker.addAll(List.of("-Xms256m", "-Xmx512m", "kafka.Kafka", properties.toString()));
        Process p = children.start("kafka-broker", broker, dir.resolve("kafka.out"), dir.resolve("kafka.log"));
        KafkaBrokerProcess started = new KafkaBrokerProcess("127.0.0.1:" + port, p, children, broker, dir);
        started.saslBootstrapServers = saslUser == null ? null : "127.0.0.1:" + saslPort;
        return started;
    }

    /** Waits until the broker answers a metadata request (its controller elected, its listener up). */
    public KafkaBrokerProcess awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                children.assertAlive(process);
                try {
                    if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
                        return this;
                    }
                } catch (TimeoutException | ExecutionException notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("Kafka broker not ready after " + timeout, notYet);
                    }
                }
                Thread.sleep(200);
            }
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The SASL_PLAINTEXT listener's address, when started with one. */
    public String saslBootstrapServers() {
        return saslBootstrapServers;
    }

    public void createTopics(int partitions, List<String> names) throws Exception {
        try (Admin admin = admin()) {
            List<NewTopic> topics = new ArrayList<>();
            for (String n : names) {
                topics.add(new NewTopic(n, partitions, (short) 1));
            }
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000"));
    }

    /** The java of this JVM, so the children run on the same JDK. */
    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** This JVM's classpath, every entry (surefire and failsafe set it even when they boot from a manifest jar). */
    public static String testClasspath() {
        String cp = System.getProperty("java.class.path");
        if (cp.split(File.pathSeparator).length < 10) {
            throw new IllegalStateException("expected the whole test classpath, got " + cp);
        }
        return cp;
    }
}
