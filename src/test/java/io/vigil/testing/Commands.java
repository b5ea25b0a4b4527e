package io.vigil.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * External tools a test runs and needs: kubectl (its kustomize renders k8s/) and Debian's promtool (it checks
 * the PrometheusRule). A missing tool fails the test with what to install, never skips it: CI has both.
 */
public final class Commands {
    /** What a tool printed and how it ended. */
    public record Result(int exitCode, String out, String err) {}

    private Commands() {}

    /**
     * The tool's path on PATH.
     *
     * @param why the test's use of it and where it comes from, for the failure message
     */
    public static Path require(String tool, String why) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir).resolve(tool);
                if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new AssertionError(tool + " is not on PATH (" + path + "): " + why);
    }

    /** Runs the command in the working directory and waits for it, at most {@code timeoutSeconds}. */
    public static Result run(long timeoutSeconds, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("vigil-cmd", ".out");
        Path err = Files.createTempFile("vigil-cmd", ".err");
        try {
            Process p = new ProcessBuilder(List.of(command)).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Runs the command and returns its output; a non-zero exit fails with what it printed. */
    public static String output(long timeoutSeconds, String... command) throws IOException, InterruptedException {
        Result r = run(timeoutSeconds, command);
        if (r.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + r.exitCode() + ":\n" + r.err() + r.out());
        }
        return r.out();
    }
}
