package io.vigil.bridge;

import io.vigil.config.BridgeConfig;
import io.vigil.config.KafkaConfig;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * {@code vigil bridge}: Prometheus remote-write 1.0 over HTTP(S) into Kafka. Answers as the protocol
 * asks receivers to: 204 when everything is durable in Kafka; 4xx (Prometheus drops the batch, no
 * retry) for data that will never be accepted, counted by reason (415 for remote-write 2.0,
 * {@link WriteContentType}); 503 when Kafka is slow or down, so
 * Prometheus retries and nothing is lost. Series refused by a limit inside an otherwise good request
 * are answered 400 after the rest is written (as Cortex and Mimir do).
 *
 * <p>Endpoints: {@code POST /api/v1/write}, {@code GET /metrics}, {@code /-/healthy}, {@code /-/ready}
 * (the topic's partitions reachable). {@link #close()} stops accepting, lets requests in flight
 * finish (they reply only once Kafka has their records) and flushes the producer.
 */
public final class RemoteWriteBridge implements AutoCloseable {
    public static final String WRITE_PATH = "/api/v1/write";

    private final BridgeConfig config;
    private final BridgeMetrics metrics = new BridgeMetrics();
    private final WriteProcessor processor;
    private final KafkaWriter kafka;
    private final Authenticator auth;
    private final HttpServer server;
    private final ExecutorService workers;
    private final ScheduledExecutorService readiness;
    private final Consumer<String> log;
    private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean kafkaReady;
    private volatile boolean closing;

    private RemoteWriteBridge(BridgeConfig config, KafkaConfig k, Consumer<String> log) throws IOException {
        this.config = config;
        this.log = log;
        this.auth = Authenticator.from(config);
        this.processor = new WriteProcessor(config.limits(), System::currentTimeMillis);
        String topic = config.topic().isEmpty() ? k.topics().metrics().get(0) : config.topic();
        this.kafka = new KafkaWriter(k.bootstrapServers(), k.clientProperties(), topic, config.kafkaTimeout());
        metrics.gauges(processor::knownSeries, () -> kafkaReady);
        InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
        if (config.tls()) {
            HttpsServer https = HttpsServer.create(address, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(
                    PemTls.context(Path.of(config.tlsCertFile()), Path.of(config.tlsKeyFile()))));
            server = https;
        } else {
            server = HttpServer.create(address, 0);
        }
        workers = Executors.newFixedThreadPool(config.threads(), r -> {
            Thread t = new Thread(r, "bridge-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(workers);
        server.createContext(WRITE_PATH, this::write);
        server.createContext("/metrics", ex -> reply(ex, 200, "text/plain; version=0.0.4", metrics.text()));
        server.createContext("/-/healthy", ex -> reply(ex, 200, "text/plain", "OK\n"));
        server.createContext("/-/ready", ex -> {
            boolean ready = kafkaReady && !closing;
            reply(ex, ready ? 200 : 503, "text/plain", ready ? "OK\n" : "Kafka topic " + kafka.topic()
                    + " not reachable yet\n");
        });
        readiness = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bridge-kafka-check");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts listening; the Kafka readiness check runs every 5 s from now on. */
    public static RemoteWriteBridge start(BridgeConfig config, KafkaConfig kafka, Consumer<String> log)
            throws IOException {
        RemoteWriteBridge b = new RemoteWriteBridge(config, kafka, log);
        b.readiness.scheduleWithFixedDelay(b::checkKafka, 0, 5, TimeUnit.SECONDS);
        b.server.start();
        return b;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String topic() {
        return kafka.topic();
    }

    public BridgeMetrics metrics() {
        return metrics;
    }

    private void checkKafka() {
        try {
            kafka.partitions();
            if (!kafkaReady) {
                log.accept("bridge: Kafka topic " + kafka.topic() + " reachable; ready");
            }
            kafkaReady = true;
        } catch (KafkaWriter.Unavailable e) {
            if (kafkaReady) {
                log.accept("bridge: " + e.getMessage());
            }
            kafkaReady = false;
        }
    }

    private void write(HttpExchange ex) throws IOException {
        long start = System.nanoTime();
        inFlight.incrementAndGet();
        int status;
        try {
            status = handle(ex);
        } catch (RuntimeException e) {
            status = 500;
            logOnce("internal", "bridge: internal error on a write: " + e);
            replyQuietly(ex, 500, "internal error: " + e.getMessage());
        } finally {
            inFlight.decrementAndGet();
        }
        metrics.response(status, (System.nanoTime() - start) / 1e9);
    }

    private int handle(HttpExchange ex) throws IOException {
        metrics.requests.increment();
        if (!ex.getRequestMethod().equals("POST")) {
            ex.getResponseHeaders().add("Allow", "POST");
            return refuse(ex, new RejectedRequest(405, "method", "remote-write takes POST, not " + ex.getRequestMethod()));
        }
        if (!ex.getRequestURI().getPath().equals(WRITE_PATH)) {
            return refuse(ex, new RejectedRequest(404, "path", "no such endpoint; Prometheus writes to " + WRITE_PATH));
        }
        if (!auth.allows(ex.getRequestHeaders().getFirst("Authorization"))) {
            ex.getResponseHeaders().add("WWW-Authenticate", auth.scheme() + " realm=\"vigil-bridge\"");
            return refuse(ex, new RejectedRequest(401, "unauthorized", "missing or wrong " + auth.scheme()
                    + " credentials"));
        }
        if (closing) {
            return unavailable(ex, "bridge is shutting down");
        }
        try {
            WriteContentType.check(ex.getRequestHeaders().getFirst("Content-Type"));
        } catch (RejectedRequest r) {
            return refuse(ex, r);
        }
        String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null && !encoding.equalsIgnoreCase("snappy")) {
            return refuse(ex, new RejectedRequest(415, "bad_encoding", "Content-Encoding " + encoding
                    + " is not supported; remote-write 1.0 bodies are snappy"));
        }
        byte[] body;
        try {
            body = readBody(ex);
        } catch (RejectedRequest r) {
            return refuse(ex, r);
        }
        metrics.bytesReceived.add(body.length);
        WritePlan plan;
        try {
            plan = processor.process(body, kafka::partitions);
        } catch (RejectedRequest r) {
            return refuse(ex, r);
        } catch (KafkaWriter.Unavailable u) {
            return unavailable(ex, u.getMessage());
        }
        metrics.seriesReceived.add(plan.seriesReceived());
        metrics.samplesReceived.add(plan.samplesReceived());
        metrics.notForwarded.add(plan.notForwarded());
        try {
            kafka.write(plan.records());
        } catch (KafkaWriter.Unavailable u) {
            return unavailable(ex, u.getMessage());
        }
        for (WritePlan.Batch b : plan.records()) {
            metrics.samplesWritten.add(b.samples());
            metrics.seriesWritten.add(b.series());
            metrics.bytesWritten.add(b.value().length);
        }
        metrics.recordsWritten.add(plan.records().size());
        if (plan.rejectedCount() > 0) {
            plan.rejectedSeries().forEach(metrics::rejectedSeries);
            String msg = "wrote " + (plan.seriesReceived() - plan.rejectedCount()) + " series; refused "
                    + plan.rejectedCount() + " " + plan.rejectedSeries() + ", e.g. " + plan.firstRejection();
            logOnce("series", "bridge: " + msg);
            replyQuietly(ex, 400, msg);
            return 400;
        }
        ex.sendResponseHeaders(204, -1);
        ex.close();
        return 204;
    }

    private byte[] readBody(HttpExchange ex) throws IOException, RejectedRequest {
        int max = config.limits().maxBodyBytes();
        String declared = ex.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > max) {
                    throw tooLarge(declared.trim(), max);
                }
            } catch (NumberFormatException e) {
                throw new RejectedRequest(400, "bad_request", "Content-Length " + declared + " is not a number");
            }
        }
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readNBytes(max + 1);
            if (body.length > max) {
                throw tooLarge("more than " + max, max);
            }
            if (body.length == 0) {
                throw new RejectedRequest(400, "empty_body", "empty body");
            }
            return body;
        }
    }

    private static RejectedRequest tooLarge(String size, int max) {
        return new RejectedRequest(413, "body_too_large", "body of " + size + " bytes is above "
                + "bridge.limits.max-body-bytes " + max);
    }

    private int refuse(HttpExchange ex, RejectedRequest r) {
        metrics.rejectedRequest(r.reason);
        logOnce(r.reason, "bridge: refused a write (" + r.status + " " + r.reason + "): " + r.getMessage());
        replyQuietly(ex, r.status, r.getMessage());
        return r.status;
    }

    private int unavailable(HttpExchange ex, String why) {
        metrics.rejectedRequest("kafka_unavailable");
        logOnce("kafka", "bridge: answering 503 (Prometheus will retry): " + why);
        ex.getResponseHeaders().add("Retry-After", "5");
        replyQuietly(ex, 503, why);
        return 503;
    }

    /** Logs at most once per 10 s per kind, so a flood of bad writes cannot flood the log. */
    private void logOnce(String kind, String line) {
        long now = System.currentTimeMillis();
        Long last = lastLogged.get(kind);
        if (last == null || now - last >= 10_000) {
            lastLogged.put(kind, now);
            log.accept(line);
        }
    }

    private static void replyQuietly(HttpExchange ex, int status, String text) {
        try {
            reply(ex, status, "text/plain; charset=utf-8", text + "\n");
        } catch (IOException e) {
            ex.close(); // the client went away; nothing more to tell it
        }
    }

    private static void reply(HttpExchange ex, int status, String type, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    /** Stops accepting writes, waits up to the grace period for those in flight, then flushes and closes. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        long graceMs = config.shutdownGrace().toMillis();
        long deadline = System.currentTimeMillis() + graceMs;
        while (inFlight.get() > 0 && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        server.stop(0);
        workers.shutdown();
        readiness.shutdownNow();
        try {
            kafka.flush();
        } finally {
            kafka.close();
        }
        log.accept("bridge: stopped; " + metrics.samplesWritten() + " samples written, " + inFlight.get()
                + " requests cut off");
    }

}
