package io.vigil.cli;

import io.vigil.config.VigilConfig;
import io.vigil.notify.HttpDelivery;
import io.vigil.notify.Notifier;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code vigil notify}: the alerts topic to PagerDuty, Slack and Alertmanager. */
@Command(name = "notify", mixinStandardHelpOptions = true,
        description = {"Deliver alerts from the alerts topic (kafka.topics.alerts, read_committed): critical -> "
                + "PagerDuty Events v2 and Slack, warning -> Slack, every alert -> Alertmanager when --alertmanager-url "
                + "is set. Offsets are committed after delivery; 4xx rejections go to --dead-letter-topic.",
                "Secrets: PagerDuty routing key from $VIGIL_PAGERDUTY_ROUTING_KEY or --pagerduty-routing-key-file, "
                        + "Slack webhook from $VIGIL_SLACK_WEBHOOK_URL or --slack-webhook-file; never logged."})
public final class NotifyCommand implements Callable<Integer> {
    @Option(names = "--pagerduty-url", defaultValue = "https://events.pagerduty.com/v2/enqueue",
            description = "PagerDuty Events API v2 endpoint (default ${DEFAULT-VALUE}).")
    URI pagerDutyUrl;

    @Option(names = "--pagerduty-routing-key-file", paramLabel = "FILE", description = "File holding the routing key.")
    Path pagerDutyKeyFile;

    @Option(names = "--slack-webhook-file", paramLabel = "FILE", description = "File holding the Slack webhook URL.")
    Path slackWebhookFile;

    @Option(names = "--alertmanager-url", paramLabel = "URL",
            description = "Alertmanager base URL, e.g. http://alertmanager:9093 (alerts go to /api/v2/alerts).")
    URI alertmanagerUrl;

    @Option(names = "--route", paramLabel = "LABEL=VALUE[,...]:CHANNEL[+...]",
            description = "Route alerts whose labels match to exactly these channels (pagerduty, slack, alertmanager, "
                    + "none), first match wins, before the severity routing; e.g. namespace=staging:slack (repeatable).")
    java.util.List<String> routes = new java.util.ArrayList<>();

    @Option(names = "--link", paramLabel = "NAME=URL",
            description = "A link shown in Slack and PagerDuty; {incident}, {service}, {fingerprint} are filled in, "
                    + "e.g. Dashboard=https://grafana/d/vigil?var-service={service} (repeatable).")
    java.util.Map<String, String> links = new java.util.LinkedHashMap<>();

    @Option(names = "--group", defaultValue = "vigil-notify", description = "Consumer group (default ${DEFAULT-VALUE}).")
    String group;

    @Option(names = "--dead-letter-topic", defaultValue = "vigil.notify.deadletter",
            description = "Where rejected deliveries go (default ${DEFAULT-VALUE}).")
    String deadLetterTopic;

    @Option(names = "--until-idle", paramLabel = "DURATION",
            description = "Exit once caught up for this long (batch runs, tests); default: run until stopped.")
    Duration untilIdle;

    @Option(names = "--health-port", defaultValue = "9251",
            description = "Port for /health and /metrics (Prometheus text); 0 = off (default ${DEFAULT-VALUE}).")
    int healthPort;

    @Mixin
    ConfigOptionsMixin config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var say = spec.commandLine().getOut();
        VigilConfig cfg = config.load();
        String key = secret("VIGIL_PAGERDUTY_ROUTING_KEY", pagerDutyKeyFile);
        String slack = secret("VIGIL_SLACK_WEBHOOK_URL", slackWebhookFile);
        Notifier.Channels channels = new Notifier.Channels(key == null ? null : pagerDutyUrl, key,
                slack == null ? null : URI.create(slack),
                alertmanagerUrl == null ? null : alertmanagerUrl.resolve("/api/v2/alerts"));
        say.printf("notify: %s -> %s%s%s (group %s)%n", cfg.kafka().topics().alerts(), key == null ? "" : "pagerduty ",
                slack == null ? "" : "slack ", alertmanagerUrl == null ? "" : "alertmanager " + alertmanagerUrl, group);
        say.flush();
        var rules = routes.stream().map(io.vigil.notify.AlertRouter.Rule::parse).toList();
        Notifier n = new Notifier(cfg.kafka().bootstrapServers(), cfg.kafka().topics().alerts(), deadLetterTopic, group,
                channels, rules, links, new HttpDelivery(HttpDelivery.Policy.DEFAULT), line -> {
                    say.println(line);
                    say.flush();
                });
        Runtime.getRuntime().addShutdownHook(new Thread(n::stop));
        com.sun.net.httpserver.HttpServer health = healthPort > 0 ? NotifyEndpoints.start(healthPort, n) : null;
        boolean ok;
        try {
            ok = n.run(untilIdle);
        } finally {
            if (health != null) {
                health.stop(0);
            }
        }
        Notifier.Stats s = n.stats();
        say.printf("notify: %d alerts read, %d deliveries, %d dead-lettered%s%n", s.read(), s.delivered(),
                s.deadLettered(), ok ? "" : "; stopped on a failing delivery");
        return ok ? 0 : 3;
    }

    private static String secret(String env, Path file) throws java.io.IOException {
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no such secret file: " + file);
            }
            return Files.readString(file).trim();
        }
        String v = System.getenv(env);
        return v == null || v.isBlank() ? null : v.trim();
    }
}
