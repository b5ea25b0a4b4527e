package io.vigil.cli;

import io.vigil.bridge.RemoteWriteBridge;
import io.vigil.config.BridgeConfig;
import io.vigil.config.ConfigLoader;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;

/** {@code vigil bridge}: Prometheus remote_write in, the metrics topic out. */
@Command(name = "bridge", mixinStandardHelpOptions = true,
        description = {"Receive Prometheus remote_write 1.0 (POST /api/v1/write, snappy protobuf) and write it to "
                + "Kafka (bridge.topic, default: the first of kafka.topics.metrics) as remote-write records, "
                + "each series always on the same partition. Replies 204 once Kafka has the data, 4xx for data "
                + "that will never be accepted, 503 while Kafka is unavailable (Prometheus retries).",
                "Prometheus: remote_write: [{url: http://HOST:9201/api/v1/write}]. Settings: the bridge.* keys "
                        + "of vigil.yaml (auth, TLS, limits); also /metrics, /-/healthy, /-/ready."})
public final class BridgeCommand implements Callable<Integer> {
    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "Overrides bridge.listen (default 0.0.0.0:9201).")
    String listen;

    @Mixin
    ConfigOptionsMixin config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var say = spec.commandLine().getOut();
        if (listen != null) {
            config.overrides.put("bridge.listen", listen);
        }
        ConfigLoader.BridgeView cfg = config.loadBridge();
        BridgeConfig b = cfg.bridge();
        RemoteWriteBridge bridge = RemoteWriteBridge.start(b, cfg.kafka(), line -> {
            say.println(line);
            say.flush();
        });
        say.printf("bridge: listening on %s://%s:%d%s -> Kafka %s topic %s%s%n", b.tls() ? "https" : "http", b.host(),
                bridge.port(), RemoteWriteBridge.WRITE_PATH, cfg.kafka().bootstrapServers(), bridge.topic(),
                b.bearerTokenFile().isEmpty() && b.basicUser().isEmpty() ? " (no authentication)" : "");
        say.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            bridge.close();
            stopped.countDown();
        }, "bridge-shutdown"));
        stopped.await();
        return 0;
    }
}
