package io.vigil.testing;

import io.vigil.config.CorrelateConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Service graphs for tests, written as the {@code services.yaml} the job reads. */
public final class ServiceGraphs {
    private ServiceGraphs() {}

    /** {@code config} reading a graph of these calls (service → the services it calls) from a new file. */
    public static CorrelateConfig with(CorrelateConfig config, Map<String, List<String>> calls) {
        try {
            Path f = Files.createTempFile("vigil-test-services", ".yaml");
            f.toFile().deleteOnExit();
            StringBuilder y = new StringBuilder("services:\n");
            calls.forEach((s, deps) -> y.append("  - name: ").append(s).append("\n    dependsOn: [")
                    .append(String.join(", ", deps)).append("]\n"));
            Files.writeString(f, y);
            return config.withServicesFile(f.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
