package io.vigil.config;

import java.io.Serializable;

/**
 * How fast the notifier may post to one channel: {@code perMinute} on average, {@code burst} at
 * once after a quiet spell. Slack allows about one message a second per webhook with short bursts,
 * PagerDuty's Events API 120 events a minute per routing key; past that they answer 429, and a
 * storm would spend its retries there.
 *
 * @param perMinute 0: no limit
 */
public record DeliveryRate(int perMinute, int burst) implements Serializable {
    public static final DeliveryRate PAGERDUTY = new DeliveryRate(120, 20);
    public static final DeliveryRate SLACK = new DeliveryRate(60, 5);
    public static final DeliveryRate UNLIMITED = new DeliveryRate(0, 1);
}
