package io.vigil.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongConsumer;

/**
 * POSTs a JSON payload to one channel with the retry policy operators expect: 2xx is delivered;
 * 429, 5xx, timeouts and connection errors are retried with exponential backoff and full jitter,
 * waiting at least what {@code Retry-After} asks; any other 4xx is permanent (retrying a payload
 * the receiver rejects would only delay the dead letter). Headers may carry secrets, so they never
 * appear in outcomes or logs.
 */
public final class HttpDelivery {
    /** How one delivery ended. {@code reason} names the status and a bit of the body, never headers. */
    public record Outcome(boolean delivered, boolean permanent, int attempts, int status, String reason) {}

    /** Retry settings. */
    public record Policy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration timeout) {
        public static final Policy DEFAULT = new Policy(6, Duration.ofMillis(500), Duration.ofSeconds(60),
                Duration.ofSeconds(10));
    }

    private final HttpClient client;
    private final Policy policy;
    private final LongConsumer sleeper;

    public HttpDelivery(Policy policy) {
        this(policy, HttpDelivery::sleep);
    }

    /** Waits {@code ms}; an interrupt ends the wait and stays set for the caller to see. */
    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code sleeper} waits the given milliseconds (tests record instead of waiting). */
    HttpDelivery(Policy policy, LongConsumer sleeper) {
        this.client = HttpClient.newBuilder().connectTimeout(policy.timeout()).build();
        this.policy = policy;
        this.sleeper = sleeper;
    }

    public Outcome post(URI uri, String json, Map<String, String> headers) {
        int status = 0;
        String reason = "";
        for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
            long retryAfterMs = 0;
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(policy.timeout())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json));
                headers.forEach(b::header);
                HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
                status = r.statusCode();
                if (status / 100 == 2) {
                    return new Outcome(true, false, attempt, status, "");
                }
                reason = "HTTP " + status + ": " + abbreviate(r.body());
                if (status != 429 && status / 100 == 4) {
                    return new Outcome(false, true, attempt, status, reason);
                }
                retryAfterMs = r.headers().firstValue("Retry-After").map(HttpDelivery::retryAfterMs).orElse(0L);
            } catch (HttpTimeoutException e) {
                reason = "timed out after " + policy.timeout();
            } catch (IOException e) {
                reason = "connection failed: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome(false, false, attempt, status, "interrupted");
            }
            if (attempt < policy.maxAttempts()) {
                sleeper.accept(Math.max(retryAfterMs, backoffMs(attempt)));
            }
        }
        return new Outcome(false, false, policy.maxAttempts(), status, "gave up after " + policy.maxAttempts()
                + " attempts: " + reason);
    }

    /** Full jitter: uniform in [0, min(max, base·2^(attempt−1))]. */
    long backoffMs(int attempt) {
        long cap = Math.min(policy.maxDelay().toMillis(), policy.baseDelay().toMillis() << Math.min(attempt - 1, 20));
        return ThreadLocalRandom.current().nextLong(cap + 1);
    }

    /** {@code Retry-After} as seconds or an HTTP date; 0 when unreadable. */
    static long retryAfterMs(String value) {
        String v = value.trim();
        try {
            return Math.max(0, Long.parseLong(v) * 1000);
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, at.toInstant().toEpochMilli() - System.currentTimeMillis());
            } catch (RuntimeException e2) {
                return 0;
            }
        }
    }

    private static String abbreviate(String body) {
        String b = body == null ? "" : body.replaceAll("\\s+", " ").trim();
        return b.length() <= 200 ? b : b.substring(0, 200) + "…";
    }
}
