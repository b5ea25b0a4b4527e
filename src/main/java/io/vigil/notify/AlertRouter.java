package io.vigil.notify;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which channels an alert goes to: critical pages (PagerDuty) and chats (Slack), warning chats,
 * everything goes to Alertmanager when one is configured (its silences, inhibition and routes keep
 * working). A resolution goes wherever its firing went, so PagerDuty and Slack hear that it is over.
 */
public final class AlertRouter {
    /** A destination. */
    public enum Channel { PAGERDUTY, SLACK, ALERTMANAGER }

    /** Alerts whose labels all match go to exactly these channels. */
    public record Rule(Map<String, String> match, Set<Channel> channels) {
        /** Parses {@code label=value[,label=value...]:channel[+channel...]}. */
        public static Rule parse(String text) {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                throw new IllegalArgumentException("route '" + text + "' must look like label=value[,label=value]:"
                        + "channel[+channel] (channels: pagerduty, slack, alertmanager, none)");
            }
            Map<String, String> match = new LinkedHashMap<>();
            for (String kv : text.substring(0, colon).split(",")) {
                String[] p = kv.split("=", 2);
                if (p.length != 2 || p[0].isBlank()) {
                    throw new IllegalArgumentException("route '" + text + "': '" + kv + "' is not label=value");
                }
                match.put(p[0].trim(), p[1].trim());
            }
            Set<Channel> channels = EnumSet.noneOf(Channel.class);
            for (String c : text.substring(colon + 1).split("\\+")) {
                String name = c.trim().toUpperCase(Locale.ROOT);
                if (name.equals("NONE")) {
                    continue;
                }
                try {
                    channels.add(Channel.valueOf(name));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("route '" + text + "': unknown channel '" + c
                            + "' (pagerduty, slack, alertmanager, none)");
                }
            }
            return new Rule(Map.copyOf(match), Set.copyOf(channels));
        }

        boolean matches(AlertMessage a) {
            return match.entrySet().stream().allMatch(e -> e.getValue().equals(a.labels().get(e.getKey())));
        }
    }

    private final boolean pagerDuty;
    private final boolean slack;
    private final boolean alertmanager;
    private final List<Rule> rules;

    /** Channels without configuration (no routing key, webhook or URL) are skipped. */
    public AlertRouter(boolean pagerDuty, boolean slack, boolean alertmanager) {
        this(pagerDuty, slack, alertmanager, List.of());
    }

    public AlertRouter(boolean pagerDuty, boolean slack, boolean alertmanager, List<Rule> rules) {
        this.pagerDuty = pagerDuty;
        this.slack = slack;
        this.alertmanager = alertmanager;
        this.rules = List.copyOf(rules);
    }

    public List<Channel> route(AlertMessage a) {
        for (Rule r : rules) {
            if (r.matches(a)) {
                List<Channel> out = new ArrayList<>();
                for (Channel c : Channel.values()) {
                    if (r.channels().contains(c) && configured(c)) {
                        out.add(c);
                    }
                }
                return out;
            }
        }
        return bySeverity(a);
    }

    private boolean configured(Channel c) {
        return switch (c) {
            case PAGERDUTY -> pagerDuty;
            case SLACK -> slack;
            case ALERTMANAGER -> alertmanager;
        };
    }

    private List<Channel> bySeverity(AlertMessage a) {
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
