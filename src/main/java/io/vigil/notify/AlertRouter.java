package io.vigil.notify;

import java.util.ArrayList;
import java.util.List;

/**
 * Which channels an alert goes to: critical pages (PagerDuty) and chats (Slack), warning chats,
 * everything goes to Alertmanager when one is configured (its silences, inhibition and routes keep
 * working). A resolution goes wherever its firing went, so PagerDuty and Slack hear that it is over.
 */
public final class AlertRouter {
    /** A destination. */
    public enum Channel { PAGERDUTY, SLACK, ALERTMANAGER }

    private final boolean pagerDuty;
    private final boolean slack;
    private final boolean alertmanager;

    /** Channels without configuration (no routing key, webhook or URL) are skipped. */
    public AlertRouter(boolean pagerDuty, boolean slack, boolean alertmanager) {
        this.pagerDuty = pagerDuty;
        this.slack = slack;
        this.alertmanager = alertmanager;
    }

    public List<Channel> route(AlertMessage a) {
        List<Channel> out = new ArrayList<>();
        String severity = a.severity();
        if (pagerDuty && severity.equals("critical")) {
            out.add(Channel.PAGERDUTY);
        }
        if (slack && (severity.equals("critical") || severity.equals("warning"))) {
            out.add(Channel.SLACK);
        }
        if (alertmanager) {
            out.add(Channel.ALERTMANAGER);
        }
        return out;
    }
}
