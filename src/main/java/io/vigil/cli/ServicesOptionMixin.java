package io.vigil.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * {@code --services FILE}, on the commands that run the job ({@code run}, {@code replay}): the
 * service graph, exactly {@code --set correlate.services=FILE}. Applied by
 * {@link ConfigOptionsMixin#load(ServicesOptionMixin)}.
 */
public final class ServicesOptionMixin {
    /** The services.yaml given, or null when the option is absent. */
    @Option(names = "--services", paramLabel = "FILE",
            description = "services.yaml (who calls whom) for root-cause ranking; the same as "
                    + "--set correlate.services=FILE (flink-conf/services.yaml is an example).")
    Path file;
}
