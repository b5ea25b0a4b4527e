package io.vigil.train;

import io.vigil.model.MetricSample;
import io.vigil.model.SeriesIds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * History through Prometheus' HTTP API ({@code /api/v1/query_range}): each query over
 * {@code [fromMs, toMs]} at {@code stepMs}, in chunks of at most {@link #POINTS_PER_QUERY} points
 * per series (Prometheus refuses more than 11,000), each chunk retried on a connection error, a
 * 5xx or a 429 with growing pauses, progress printed per chunk. A query result without a metric
 * name (an expression such as {@code rate(x[5m])}) cannot be matched to the stream's series: its
 * series are counted and skipped, with the query named.
 */
public final class PrometheusHistory {
    /** Points per series per request, under Prometheus' limit of 11,000. */
    static final int POINTS_PER_QUERY = 10_000;
    static final int ATTEMPTS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final HttpClient http;
    private final Duration timeout;
    private final long retryPauseMs;

    /** What one fetch gave. */
    public record Fetched(long samples, long series, long unnamed, long nonFinite, int requests, int retries) {}

    public PrometheusHistory(String url, Duration timeout, long retryPauseMs) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.timeout = timeout;
        this.retryPauseMs = retryPauseMs;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    public PrometheusHistory(String url) {
        this(url, Duration.ofSeconds(60), 1000);
    }

    /** Every sample of every query's series in {@code [fromMs, toMs]} to {@code sample}. */
    public Fetched fetch(Iterable<String> queries, long fromMs, long toMs, long stepMs, PrintWriter progress,
            Consumer<MetricSample> sample) throws IOException, InterruptedException {
        if (stepMs < 1000 || stepMs % 1000 != 0) {
            throw new IllegalArgumentException("the query step must be whole seconds, got " + stepMs + " ms");
        }
        if (toMs <= fromMs) {
            throw new IllegalArgumentException("history ends (" + toMs + ") before it starts (" + fromMs + ")");
        }
        long chunkMs = stepMs * POINTS_PER_QUERY;
        int chunks = (int) ((toMs - fromMs + chunkMs - 1) / chunkMs);
        long samples = 0;
        long unnamed = 0;
        long nonFinite = 0;
        int requests = 0;
        int retries = 0;
        Set<String> seen = new HashSet<>();
        int q = 0;
        List<String> all = new ArrayList<>();
        queries.forEach(all::add);
        for (String query : all) {
            q++;
            long querySamples = 0;
            for (int c = 0; c < chunks; c++) {
                long start = fromMs + c * chunkMs;
                long end = Math.min(toMs, start + chunkMs - stepMs);
                Response r = get(query, start, end, stepMs);
                requests++;
                retries += r.retries;
                Iterator<JsonNode> result = r.body.path("data").path("result").elements();
                int chunkSeries = 0;
                while (result.hasNext()) {
                    JsonNode s = result.next();
                    chunkSeries++;
                    Map<String, String> labels = new TreeMap<>();
                    s.path("metric").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
                    String name = labels.remove("__name__");
                    JsonNode values = s.path("values");
                    if (name == null) {
                        unnamed += values.size();
                        continue;
                    }
                    String id = SeriesIds.of(name, labels);
                    seen.add(id);
                    Map<String, String> fixed = Map.copyOf(labels);
                    for (JsonNode v : values) {
                        long ts = Math.round(v.get(0).asDouble() * 1000);
                        double value = parse(v.get(1).asText());
                        if (!Double.isFinite(value)) {
                            nonFinite++;
                            continue;
                        }
                        sample.accept(new MetricSample(id, name, fixed, ts, value, false));
                        samples++;
                        querySamples++;
                    }
                }
                progress.printf(Locale.ROOT, "  query %d/%d %s: chunk %d/%d, %,d series, %,d samples so far%n", q,
                        all.size(), query, c + 1, chunks, chunkSeries, querySamples);
                progress.flush();
            }
            if (unnamed > 0) {
                progress.printf("  query %s: %,d samples of series without a metric name skipped "
                        + "(query raw metrics, or a recording rule, so they match the stream's series)%n", query, unnamed);
            }
        }
        return new Fetched(samples, seen.size(), unnamed, nonFinite, requests, retries);
    }

    private static double parse(String v) {
        return switch (v) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(v);
        };
    }

    private record Response(JsonNode body, int retries) {}

    private Response get(String query, long startMs, long endMs, long stepMs) throws IOException, InterruptedException {
        URI uri = URI.create(url + "/api/v1/query_range?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + "&start=" + seconds(startMs) + "&end=" + seconds(endMs) + "&step=" + (stepMs / 1000) + "s");
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET().build();
        String last = "";
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (attempt > 0) {
                Thread.sleep(retryPauseMs << (attempt - 1));
            }
            HttpResponse<String> resp;
            try {
                resp = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                last = e.toString();
                continue;
            }
            int code = resp.statusCode();
            if (code == 429 || code >= 500) {
                last = "HTTP " + code + ": " + error(resp.body());
                continue;
            }
            if (code != 200) {
                throw new IOException("Prometheus at " + url + " refused query " + query + ": HTTP " + code + ": "
                        + error(resp.body()));
            }
            JsonNode body = JSON.readTree(resp.body());
            if (!"success".equals(body.path("status").asText())) {
                throw new IOException("Prometheus at " + url + " failed query " + query + ": " + error(resp.body()));
            }
            if (!"matrix".equals(body.path("data").path("resultType").asText())) {
                throw new IOException("Prometheus at " + url + ": query " + query + " gave a "
                        + body.path("data").path("resultType").asText() + ", not a range of series");
            }
            return new Response(body, attempt);
        }
        throw new IOException("Prometheus at " + url + " did not answer query " + query + " after " + ATTEMPTS
                + " attempts: " + last);
    }

    private static String error(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n.has("error")) {
                return n.path("errorType").asText() + ": " + n.path("error").asText();
            }
        } catch (IOException e) {
            // not JSON: the text itself
        }
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.3f", ms / 1000.0);
    }
}
