package io.vigil.notify;

import io.vigil.config.DeliveryRate;

import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Paces the deliveries to one channel to its {@link DeliveryRate}: a token bucket holding up to
 * {@code burst} tokens, refilled at {@code perMinute}. A delivery without a token waits for one; it
 * is never dropped, so an alert storm reaches the channel late rather than not at all (and the
 * notifier's commit after delivery keeps the backlog in Kafka meanwhile).
 */
final class ChannelPace {
    private final double tokensPerNano;
    private final double burst;
    private final LongSupplier nanos;
    private final LongConsumer sleepMs;
    private double tokens;
    private long refilledAt;

    ChannelPace(DeliveryRate rate, LongSupplier nanos, LongConsumer sleepMs) {
        this.tokensPerNano = rate.perMinute() / 60e9;
        this.burst = Math.max(1, rate.burst());
        this.nanos = nanos;
        this.sleepMs = sleepMs;
        this.tokens = burst;
        this.refilledAt = nanos.getAsLong();
    }

    /** Takes a token, waiting for it if none is left; returns the milliseconds waited. */
    long acquire() {
        if (tokensPerNano == 0) {
            return 0;
        }
        long now = nanos.getAsLong();
        tokens = Math.min(burst, tokens + (now - refilledAt) * tokensPerNano);
        refilledAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        long waitMs = (long) Math.ceil((1 - tokens) / tokensPerNano / 1e6);
        sleepMs.accept(waitMs);
        long after = nanos.getAsLong();
        tokens = Math.min(burst, tokens + (after - refilledAt) * tokensPerNano) - 1;
        refilledAt = after;
        return waitMs;
    }
}
