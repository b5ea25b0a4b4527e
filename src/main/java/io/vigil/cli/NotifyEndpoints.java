package io.vigil.cli;

import io.vigil.notify.Notifier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** {@code /health} (JSON counts) and {@code /metrics} (Prometheus text) for {@code vigil notify}. */
final class NotifyEndpoints {
    private NotifyEndpoints() {}

    static HttpServer start(int port, Notifier n) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(port), 0);
            s.createContext("/health", ex -> {
                Notifier.Stats st = n.stats();
                reply(ex, "application/json", String.format("{\"status\":\"up\",\"read\":%d,\"delivered\":%d,"
                        + "\"deadLettered\":%d,\"failed\":%d}", st.read(), st.delivered(), st.deadLettered(), st.failed()));
            });
            s.createContext("/metrics", ex -> reply(ex, "text/plain; version=0.0.4", n.metrics()));
            s.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve /health on port " + port + " (--health-port 0 turns it off)", e);
        }
    }

    private static void reply(HttpExchange ex, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(200, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }
}
