package io.vigil.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.model.MetricSample;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The query_range client's rules, against a local server standing in for Prometheus: a long
 * history is asked for in chunks of at most 10,000 points per series with no point twice, 503s
 * and 429s are retried, a refused query fails with Prometheus' own message, and series without a
 * metric name are counted, not mixed in.
 */
class PrometheusHistoryTest {
    HttpServer server;
    final List<String> asked = new ArrayList<>();
    final AtomicInteger failFirst = new AtomicInteger();

    @AfterEach
    void stop() {
        server.stop(0);
    }

    String start(int status, String error) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/query_range", ex -> {
            String q = ex.getRequestURI().getQuery();
            synchronized (asked) {
                asked.add(q);
            }
            byte[] body;
            int code = 200;
            if (failFirst.getAndDecrement() > 0) {
                code = 503;
                body = "overloaded".getBytes(StandardCharsets.UTF_8);
            } else if (status != 200) {
                code = status;
                body = ("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"" + error + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
            } else {
                double start = Double.parseDouble(param(q, "start"));
                double end = Double.parseDouble(param(q, "end"));
                StringBuilder v = new StringBuilder();
                for (double t = start; t <= end; t += 60) {
                    v.append(v.length() == 0 ? "" : ",").append("[").append(t).append(",\"").append(t % 7).append("\"]");
                }
                body = ("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
                        + "{\"metric\":{\"__name__\":\"up\",\"job\":\"node\"},\"values\":[" + v + "]},"
                        + "{\"metric\":{\"job\":\"node\"},\"values\":[[" + start + ",\"1\"]]}]}}")
                        .getBytes(StandardCharsets.UTF_8);
            }
            ex.sendResponseHeaders(code, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    static String param(String query, String name) {
        for (String kv : query.split("&")) {
            if (kv.startsWith(name + "=")) {
                return kv.substring(name.length() + 1);
            }
        }
        throw new AssertionError(name + " missing in " + query);
    }

    @Test
    void longHistory_inChunksUnderTheLimit_eachPointOnce_retried() throws Exception {
        String url = start(200, "");
        failFirst.set(2);
        List<MetricSample> got = new ArrayList<>();
        long from = 1_767_225_600_000L;
        long to = from + 25_000 * 60_000L;
        StringWriter progress = new StringWriter();
        PrometheusHistory.Fetched f = new PrometheusHistory(url, Duration.ofSeconds(5), 10)
                .fetch(List.of("up"), from, to, 60_000, new PrintWriter(progress), got::add);
        assertThat(f.requests()).isEqualTo(3);
        assertThat(f.retries()).isEqualTo(2);
        assertThat(asked).hasSize(5);
        assertThat(got).hasSize(25_001);
        assertThat(got).extracting(MetricSample::timestampMs).doesNotHaveDuplicates().isSorted();
        assertThat(got.get(0).series()).isEqualTo("up{job=\"node\"}");
        assertThat(f.unnamed()).isEqualTo(3);
        assertThat(progress.toString()).contains("chunk 3/3").contains("without a metric name");
        for (String q : asked) {
            double s = Double.parseDouble(param(q, "start"));
            double e = Double.parseDouble(param(q, "end"));
            assertThat((e - s) / 60 + 1).as("points per series in one request").isLessThanOrEqualTo(10_000);
        }
    }

    @Test
    void refusedQuery_failsWithPrometheusMessage() throws Exception {
        String url = start(400, "parse error at char 3: unexpected");
        assertThatThrownBy(() -> new PrometheusHistory(url, Duration.ofSeconds(5), 10).fetch(List.of("up{"),
                0, 3_600_000, 60_000, new PrintWriter(new StringWriter()), s -> { }))
                .isInstanceOf(IOException.class).hasMessageContaining("refused query up{")
                .hasMessageContaining("bad_data: parse error at char 3");
        assertThat(asked).as("a 400 is not retried").hasSize(1);
    }
}
