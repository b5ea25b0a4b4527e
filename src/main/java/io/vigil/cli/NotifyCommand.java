package io.vigil.cli;

import io.vigil.config.ConfigLoader;
import io.vigil.config.NotifyConfig;
import io.vigil.notify.AlertRouter;
import io.vigil.notify.HttpDelivery;
import io.vigil.notify.Notifier;

import com.sun.net.httpserver.HttpServer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code vigil notify}: the alerts topic to PagerDuty, Slack and Alertmanager. */
@Command(name = "notify", mixinStandardHelpOptions = true,
        description = {"Deliver alerts from the alerts topic (kafka.topics.alerts, read_committed): critical -> "
                + "PagerDuty Events v2 and Slack, warning -> Slack, every alert -> Alertmanager when --alertmanager-url "
                + "is set (firing alerts re-sent every --alertmanager-resend-interval). Offsets are committed after "
                + "delivery; 4xx rejections go to --dead-letter-topic.",
                "Settings: the notify.* keys of vigil.yaml, which these options override; Kafka security from "
                        + "kafka.properties.* as for the job.",
                "Secrets: PagerDuty routing key from $VIGIL_PAGERDUTY_ROUTING_KEY or --pagerduty-routing-key-file, "
                        + "Slack webhook from $VIGIL_SLACK_WEBHOOK_URL or --slack-webhook-file; never logged."})
public final class NotifyCommand implements Callable<Integer> {
    @Option(names = "--pagerduty-url", paramLabel = "URL",
            description = "Overrides notify.pagerduty.url (default https://events.pagerduty.com/v2/enqueue).")
    String pagerDutyUrl;

    @Option(names = "--pagerduty-routing-key-file", paramLabel = "FILE",
            description = "File holding the routing key (overrides notify.pagerduty.routing-key-file).")
    Path pagerDutyKeyFile;

    @Option(names = "--slack-webhook-file", paramLabel = "FILE",
            description = "File holding the Slack webhook URL (overrides notify.slack.webhook-file).")
    Path slackWebhookFile;

    @Option(names = "--alertmanager-url", paramLabel = "URL",
            description = "Alertmanager base URL, e.g. http://alertmanager:9093 or http://host/prefix (alerts go to "
                    + "<path>/api/v2/alerts); overrides notify.alertmanager.url.")
    String alertmanagerUrl;

    @Option(names = "--alertmanager-resend-interval", paramLabel = "DURATION",
            description = "Re-send firing alerts this often, each valid for 4 intervals; keep it below Alertmanager's "
                    + "resolve_timeout (overrides notify.alertmanager.resend-interval, default 1m).")
    String resendInterval;

    @Option(names = "--generator-url", paramLabel = "URL",
            description = "Alertmanager's generatorURL for alerts that carry none; {incident}, {service}, {fingerprint} "
                    + "are filled in (overrides notify.alertmanager.generator-url; default: the first --link).")
    String generatorUrl;

    @Option(names = "--route", paramLabel = "LABEL=VALUE[,...]:CHANNEL[+...]",
            description = "Route alerts whose labels match to exactly these channels (pagerduty, slack, alertmanager, "
                    + "none), first match wins, before the severity routing; e.g. namespace=staging:slack (repeatable; "
                    + "replaces notify.routes).")
    List<String> routes = new ArrayList<>();

    @Option(names = "--link", paramLabel = "NAME=URL",
            description = "A link shown in Slack and PagerDuty; {incident}, {service}, {fingerprint} are filled in, "
                    + "e.g. Dashboard=https://grafana/d/vigil?var-service={service} (repeatable; replaces notify.links).")
    Map<String, String> links = new LinkedHashMap<>();

    @Option(names = "--group", description = "Consumer group (overrides notify.group, default vigil-notify).")
    String group;

    @Option(names = "--dead-letter-topic",
            description = "Where rejected deliveries go (overrides notify.dead-letter-topic, default vigil.notify.deadletter).")
    String deadLetterTopic;

    @Option(names = "--until-idle", paramLabel = "DURATION",
            description = "Exit once caught up for this long (batch runs, tests); default: run until stopped.")
    Duration untilIdle;

    @Option(names = "--health-port",
            description = "Port for /health and /metrics (Prometheus text); 0 = off (overrides notify.health-port, "
                    + "default 9251).")
    Integer healthPort;

    @Mixin
    ConfigOptionsMixin config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var say = spec.commandLine().getOut();
        override("notify.pagerduty.url", pagerDutyUrl);
        override("notify.pagerduty.routing-key-file", pagerDutyKeyFile);
        override("notify.slack.webhook-file", slackWebhookFile);
        override("notify.alertmanager.url", alertmanagerUrl);
        override("notify.alertmanager.resend-interval", resendInterval);
        override("notify.alertmanager.generator-url", generatorUrl);
        override("notify.group", group);
        override("notify.dead-letter-topic", deadLetterTopic);
        override("notify.health-port", healthPort);
        ConfigLoader.NotifyView cfg = config.loadNotify();
        NotifyConfig n = cfg.notifier();
        Map<String, String> linkTemplates = links.isEmpty() ? n.links() : links;
        List<String> routeRules = routes.isEmpty() ? n.routes() : routes;
        String generator = !n.generatorUrl().isEmpty() || linkTemplates.isEmpty() ? n.generatorUrl()
                : linkTemplates.values().iterator().next();
        String key = secret("VIGIL_PAGERDUTY_ROUTING_KEY", n.pagerDutyRoutingKeyFile());
        String slack = secret("VIGIL_SLACK_WEBHOOK_URL", n.slackWebhookFile());
        URI am = n.alertmanagerUrl();
        Notifier.Channels channels = new Notifier.Channels(key == null ? null : n.pagerDutyUrl(), key,
                slack == null ? null : URI.create(slack), am, n.alertmanagerResendInterval(), generator,
                n.pagerDutyRate(), n.slackRate());
        say.printf("notify: %s -> %s%s%s (group %s)%n", cfg.kafka().topics().alerts(), key == null ? "" : "pagerduty ",
                slack == null ? "" : "slack ", am == null ? "" : "alertmanager " + am + " (firing alerts re-sent every "
                        + n.alertmanagerResendInterval() + (generator.isEmpty() ? ", no generatorURL" : "") + ")",
                n.group());
        say.flush();
        var rules = routeRules.stream().map(AlertRouter.Rule::parse).toList();
        Notifier notifier = new Notifier(cfg.kafka().bootstrapServers(), cfg.kafka().clientProperties(),
                cfg.kafka().topics().alerts(), n.deadLetterTopic(), n.group(), channels, rules, linkTemplates,
                new HttpDelivery(HttpDelivery.Policy.DEFAULT), line -> {
                    say.println(line);
                    say.flush();
                });
        Runtime.getRuntime().addShutdownHook(new Thread(notifier::stop));
        HttpServer health = n.healthPort() > 0 ? NotifyEndpoints.start(n.healthPort(), notifier) : null;
        boolean ok;
        try {
            ok = notifier.run(untilIdle);
        } finally {
            if (health != null) {
                health.stop(0);
            }
        }
        Notifier.Stats s = notifier.stats();
        say.printf("notify: %d alerts read, %d deliveries, %d dead-lettered%s%n", s.read(), s.delivered(),
                s.deadLettered(), ok ? "" : "; stopped on a failing delivery");
        return ok ? 0 : 3;
    }

    /** A flag given on the command line wins over vigil.yaml, validated as the key would be. */
    private void override(String key, Object flag) {
        if (flag != null) {
            config.overrides.put(key, flag.toString());
        }
    }

    /** The secret from its file when one is named, else from the environment; null when neither has it. */
    private static String secret(String env, String file) throws IOException {
        if (!file.isEmpty()) {
            Path path = Path.of(file);
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException("no such secret file: " + file);
            }
            return Files.readString(path).trim();
        }
        String v = System.getenv(env);
        return v == null || v.isBlank() ? null : v.trim();
    }
}
