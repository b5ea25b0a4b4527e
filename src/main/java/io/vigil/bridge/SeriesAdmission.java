package io.vigil.bridge;

/**
 * The cardinality guard: series seen within the TTL always pass; a series not seen before takes a
 * token from a bucket that refills at {@code perMinute} up to {@code burst}. An exporter that starts
 * minting series (a request id in a label) is cut off at the rate while every known series flows.
 *
 * <p>Two generations of known series rotate every TTL, so a series silent for one to two TTLs is
 * forgotten without per-series timestamps. One lock: admission is a few hash probes per series.
 */
final class SeriesAdmission {
    private final long ttlMs;
    private final double tokensPerMs;
    private final double burst;
    private final boolean unlimited;

    private LongSet current = new LongSet(1024);
    private LongSet previous = new LongSet(16);
    private long rotatedAt;
    private double tokens;
    private long refilledAt;

    /** {@code perMinute} 0 turns the guard off (every series is admitted and remembered for the metrics). */
    SeriesAdmission(int perMinute, int burst, long ttlMs, long nowMs) {
        this.ttlMs = ttlMs;
        this.tokensPerMs = perMinute / 60_000.0;
        this.burst = Math.max(burst, 1);
        this.unlimited = perMinute == 0;
        this.tokens = this.burst;
        this.rotatedAt = nowMs;
        this.refilledAt = nowMs;
    }

    /** Decides for each hash; {@code admitted[i]} false means a new series over the limit. Returns how many were refused. */
    synchronized int admit(long[] hashes, int n, boolean[] admitted, long nowMs) {
        if (nowMs - rotatedAt >= ttlMs) {
            previous = current;
            current = new LongSet(previous.size());
            rotatedAt = nowMs;
        }
        tokens = Math.min(burst, tokens + (nowMs - refilledAt) * tokensPerMs);
        refilledAt = nowMs;
        int refused = 0;
        for (int i = 0; i < n; i++) {
            long h = hashes[i];
            if (current.contains(h)) {
                admitted[i] = true;
            } else if (previous.contains(h) || unlimited) {
                current.add(h);
                admitted[i] = true;
            } else if (tokens >= 1) {
                tokens -= 1;
                current.add(h);
                admitted[i] = true;
            } else {
                admitted[i] = false;
                refused++;
            }
        }
        return refused;
    }

    /** Series known in the current generation (seen within the last TTL or so). */
    synchronized int known() {
        return current.size();
    }
}
