package io.vigil.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The JVMs a test starts (a broker, a JobManager, a TaskManager), each with its output in a file.
 * Registered as an extension it kills them all after the class, and on any failure first prints
 * the tails of their logs; a shutdown hook kills them too when the test JVM exits some other way
 * (a forked JVM timed out, Ctrl-C), so no broker or TaskManager outlives the build.
 */
public final class ChildProcesses
        implements AfterAllCallback, TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {
    private static final int TAIL_LINES = 60;

    /** A started process and the files it writes its log to (its own output first). */
    public record Child(String name, Process process, List<Path> logs) {}

    private final List<Child> children = new CopyOnWriteArrayList<>();
    private final Thread hook = new Thread(this::killAll, "kill-child-processes");

    public ChildProcesses() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Starts {@code command} with stdout and stderr in {@code output}; {@code moreLogs} are files the
     * process writes itself (a log4j file), shown after its output on failure.
     */
    public Process start(String name, List<String> command, Path output, Path... moreLogs) throws IOException {
        return start(name, command, Map.of(), output, moreLogs);
    }

    /** As {@link #start(String, List, Path, Path...)}, with {@code environment} added to this process's. */
    public Process start(String name, List<String> command, Map<String, String> environment, Path output,
            Path... moreLogs) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        Process p = builder.start();
        List<Path> logs = new ArrayList<>();
        logs.add(output);
        logs.addAll(List.of(moreLogs));
        children.add(new Child(name, p, logs));
        return p;
    }

    /** Runs {@code command} to its end (a tool, not a server) and returns its output; fails on a non-zero exit. */
    public String run(String name, List<String> command, Path output, long timeoutSeconds) throws Exception {
        Process p = start(name, command, output);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " did not finish in " + timeoutSeconds + " s: " + tail(output));
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError(name + " exited with " + p.exitValue() + ":\n" + text);
        }
        return text;
    }

    /** Fails with the process' log if it has died (a server that should still be up). */
    public void assertAlive(Process p) {
        for (Child c : children) {
            if (c.process() == p && !p.isAlive()) {
                throw new AssertionError(c.name() + " exited with " + p.exitValue() + "\n" + tails(c));
            }
        }
    }

    /** The last lines of every child's logs, for a failure report. */
    public String tails() {
        StringBuilder out = new StringBuilder();
        children.forEach(c -> out.append(tails(c)));
        return out.toString();
    }

    private static String tails(Child c) {
        StringBuilder out = new StringBuilder();
        for (Path log : c.logs()) {
            out.append("===== ").append(c.name()).append(": ").append(log).append(" (last ").append(TAIL_LINES)
                    .append(" lines) =====\n").append(tail(log)).append('\n');
        }
        return out.toString();
    }

    private static String tail(Path log) {
        try {
            if (!Files.exists(log)) {
                return "(not written)";
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Kills every child and its descendants at once, without asking them to shut down. */
    public void killAll() {
        for (Child c : children) {
            c.process().descendants().forEach(ProcessHandle::destroyForcibly);
            c.process().destroyForcibly();
        }
        for (Child c : children) {
            try {
                c.process().waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        children.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw report(failure);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable failure)
            throws Throwable {
        throw report(failure);
    }

    private Throwable report(Throwable failure) {
        System.out.println("FAILED: " + failure + "\nchild process logs:\n" + tails());
        failure.addSuppressed(new AssertionError("the child processes' log tails are in the test output"));
        killAll();
        return failure;
    }
}
