package io.vigil.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's Prometheus (installed by .ci/run) started by a test on loopback: the config written to
 * {@code dir/prometheus.yml}, the log to {@code dir/prometheus.log}, returned once {@code /-/ready}
 * answers.
 */
public final class LocalPrometheus {
    public static final Path BINARY = Path.of("/usr/bin/prometheus");

    private LocalPrometheus() {}

    /** Starts it on {@code port} with this config and TSDB directory, plus {@code flags}. */
    public static Process start(Path dir, int port, String config, Path tsdb, String... flags) throws Exception {
        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, config);
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--config.file=" + file,
                "--storage.tsdb.path=" + tsdb, "--web.listen-address=127.0.0.1:" + port));
        cmd.addAll(List.of(flags));
        Path log = dir.resolve("prometheus.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return p;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        p.destroy();
        throw new AssertionError("prometheus did not become ready: " + Files.readString(log));
    }

    /** A loopback port free now. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
