package io.vigil.bench;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one side of the bench in a JVM of its own: the same java binary and classpath as this
 * process, its module flags ({@code --add-opens}/{@code --add-exports}, which Flink needs on Java 17)
 * and logging configuration, and a heap of its own. The child's output is forwarded to this
 * process' log line by line; the one {@link BenchResult.Side} line it prints is its answer. A
 * child that fails, prints no answer or outlives its timeout is an error naming the last lines it
 * printed.
 *
 * <p>{@value #CHILD_OPTS_ENV} adds JVM flags, split on whitespace, to the Vigil side alone (not the
 * floor), for example {@code -XX:StartFlightRecording=filename=/tmp/vigil.jfr,settings=profile} to
 * profile the job.
 */
final class ChildJvm {
    private static final Logger LOG = LoggerFactory.getLogger(ChildJvm.class);
    private static final int TAIL_LINES = 40;
    /** Environment variable with extra JVM flags for the Vigil child (profiling); the floor never gets them. */
    static final String CHILD_OPTS_ENV = "VIGIL_BENCH_CHILD_OPTS";

    private ChildJvm() {}

    /** Runs {@code main} with {@code args}; {@code extraOpts} are JVM flags placed before the main class. */
    static BenchResult.Side run(String name, String heap, List<String> extraOpts, Class<?> main, List<String> args,
            Duration timeout) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx" + heap);
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("--add-exports") || a.startsWith("-Dlog4j")) {
                command.add(a);
            }
        }
        command.addAll(extraOpts);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        Deque<String> tail = new ArrayDeque<>();
        List<String> answers = new ArrayList<>();
        Thread reader = new Thread(() -> read(name, p, tail, answers), "bench-" + name + "-output");
        reader.setDaemon(true);
        reader.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            reader.join(TimeUnit.SECONDS.toMillis(5));
            throw new IllegalStateException(String.format("the %s JVM did not finish within %d s; its last lines:%n%s",
                    name, timeout.toSeconds(), tail(tail)));
        }
        reader.join(TimeUnit.SECONDS.toMillis(30));
        synchronized (tail) {
            if (p.exitValue() != 0 || answers.size() != 1) {
                throw new IllegalStateException(String.format("the %s JVM exited with %d and %d result lines; "
                        + "its last lines:%n%s", name, p.exitValue(), answers.size(), tail(tail)));
            }
            return BenchResult.Side.parse(answers.get(0));
        }
    }

    /** The flags of {@value #CHILD_OPTS_ENV}, none when it is unset or blank. */
    static List<String> childOpts() {
        String opts = System.getenv(CHILD_OPTS_ENV);
        return opts == null || opts.isBlank() ? List.of() : List.of(opts.trim().split("\\s+"));
    }

    private static void read(String name, Process p, Deque<String> tail, List<String> answers) {
        try (var in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                synchronized (tail) {
                    if (BenchResult.Side.isSideLine(line)) {
                        answers.add(line);
                    }
                    tail.addLast(line);
                    if (tail.size() > TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
                LOG.info("[{}] {}", name, line);
            }
        } catch (IOException e) {
            LOG.warn("[{}] output unreadable: {}", name, e.toString());
        }
    }

    private static String tail(Deque<String> tail) {
        return "  " + String.join(System.lineSeparator() + "  ", tail);
    }
}
