package io.vigil;

import io.vigil.cli.RunCommand;

import picocli.CommandLine;

/**
 * The jar's entry point for {@code flink run target/vigil.jar --config FILE}: the same as
 * {@code vigil run}. It throws rather than exits on failure, so the Flink client reports it.
 */
public final class VigilJob {
    private VigilJob() {}

    public static void main(String[] args) {
        int rc = new CommandLine(new RunCommand()).execute(args);
        if (rc != 0) {
            throw new IllegalStateException("vigil run failed with exit code " + rc);
        }
    }
}
