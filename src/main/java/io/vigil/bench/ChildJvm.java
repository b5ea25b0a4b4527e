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
 * process' log line by line; lines that start with {@value #ANSWER_PREFIX} are its answers (a
 * {@link BenchResult.Side} line, the live job's ready line). A child that fails, gives no answer or
 * outlives its timeout is an error naming the last lines it printed. A child's standard input stays
 * open until {@link Running#closeInput}: a child that runs until told to stop reads it to its end.
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
    /** Every answer line a child prints starts with this. */
    static final String ANSWER_PREFIX = "vigil-bench-";

    private ChildJvm() {}

    /**
     * Runs {@code main} with {@code args} to its end and returns the one {@link BenchResult.Side}
     * line it printed; {@code extraOpts} are JVM flags placed before the main class.
     */
    static BenchResult.Side run(String name, String heap, List<String> extraOpts, Class<?> main, List<String> args,
            Duration timeout) throws IOException, InterruptedException {
        try (Running child = start(name, heap, extraOpts, main, args)) {
            child.closeInput();
            child.awaitExit(timeout);
            List<String> sides = child.answers(BenchResult.Side.PREFIX);
            if (sides.size() != 1) {
                throw child.failure(String.format("the %s JVM printed %d result lines", name, sides.size()));
            }
            return BenchResult.Side.parse(sides.get(0));
        }
    }

    /** Starts {@code main} with {@code args}; the caller waits for it through the handle. */
    static Running start(String name, String heap, List<String> extraOpts, Class<?> main, List<String> args)
            throws IOException {
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
        return new Running(name, new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** The flags of {@value #CHILD_OPTS_ENV}, none when it is unset or blank. */
    static List<String> childOpts() {
        String opts = System.getenv(CHILD_OPTS_ENV);
        return opts == null || opts.isBlank() ? List.of() : List.of(opts.trim().split("\\s+"));
    }

    /** A started child: its answers so far, and its end. Closing it kills a child still running. */
    static final class Running implements AutoCloseable {
        private final String name;
        private final Process process;
        private final Thread reader;
        /** Guards {@link #tail} and {@link #answers}; notified on each answer and at the end of the output. */
        private final Object lock = new Object();
        private final Deque<String> tail = new ArrayDeque<>();
        private final List<String> answers = new ArrayList<>();
        private boolean outputEnded;

        private Running(String name, Process process) {
            this.name = name;
            this.process = process;
            this.reader = new Thread(this::read, "bench-" + name + "-output");
            reader.setDaemon(true);
            reader.start();
        }

        /**
         * The first answer line starting with {@code prefix}; throws when the child ends or
         * {@code timeout} passes without one.
         */
        String awaitAnswer(String prefix, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (lock) {
                while (true) {
                    for (String a : answers) {
                        if (a.startsWith(prefix)) {
                            return a;
                        }
                    }
                    long left = deadline - System.nanoTime();
                    if (outputEnded || left <= 0) {
                        throw failure(String.format("the %s JVM %s without printing '%s'", name,
                                outputEnded ? "ended" : "ran " + timeout.toSeconds() + " s", prefix));
                    }
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                }
            }
        }

        /** Throws, naming its last lines, when the child has ended already. */
        void checkAlive() {
            if (!process.isAlive()) {
                throw failure(String.format("the %s JVM ended early with %d", name, process.exitValue()));
            }
        }

        /** Closes the child's standard input: a child that runs until told to stop sees its end. */
        void closeInput() throws IOException {
            process.getOutputStream().close();
        }

        /** Waits for the child to end; throws on a timeout (killing it) or a non-zero exit. */
        void awaitExit(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                reader.join(TimeUnit.SECONDS.toMillis(5));
                throw failure(String.format("the %s JVM did not finish within %d s", name, timeout.toSeconds()));
            }
            reader.join(TimeUnit.SECONDS.toMillis(30));
            if (process.exitValue() != 0) {
                throw failure(String.format("the %s JVM exited with %d", name, process.exitValue()));
            }
        }

        /** The answer lines starting with {@code prefix}, in the order printed. */
        List<String> answers(String prefix) {
            synchronized (lock) {
                return answers.stream().filter(a -> a.startsWith(prefix)).toList();
            }
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }

        private IllegalStateException failure(String what) {
            synchronized (lock) {
                return new IllegalStateException(String.format("%s; its last lines:%n  %s", what,
                        String.join(System.lineSeparator() + "  ", tail)));
            }
        }

        private void read() {
            try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    synchronized (lock) {
                        if (line.startsWith(ANSWER_PREFIX)) {
                            answers.add(line);
                            lock.notifyAll();
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
            } finally {
                synchronized (lock) {
                    outputEnded = true;
                    lock.notifyAll();
                }
            }
        }
    }
}
