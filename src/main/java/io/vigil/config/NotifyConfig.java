package io.vigil.config;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code vigil notify}: where alerts go and how (the {@code notify.*} keys). Secrets are named by
 * file (or come from the environment), never written in the YAML.
 *
 * @param pagerDutyRoutingKeyFile empty: {@code $VIGIL_PAGERDUTY_ROUTING_KEY}
 * @param slackWebhookFile empty: {@code $VIGIL_SLACK_WEBHOOK_URL}
 * @param alertmanagerUrl null: no Alertmanager
 * @param generatorUrl URL template for Alertmanager's generatorURL; empty: none configured
 * @param routes route rules as written, parsed by the notifier
 * @param links name to URL template, in the order given
 * @param healthPort 0: no /health and /metrics
 * @param pagerDutyRate how fast events may be posted to PagerDuty
 * @param slackRate how fast messages may be posted to Slack
 */
public record NotifyConfig(
        String group,
        String deadLetterTopic,
        URI pagerDutyUrl,
        String pagerDutyRoutingKeyFile,
        String slackWebhookFile,
        URI alertmanagerUrl,
        Duration alertmanagerResendInterval,
        String generatorUrl,
        List<String> routes,
        Map<String, String> links,
        int healthPort,
        DeliveryRate pagerDutyRate,
        DeliveryRate slackRate)
        implements Serializable {}
