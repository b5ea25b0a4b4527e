package io.vigil.notify;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.vigil.config.DeliveryRate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Reads the alerts topic (read_committed, its own consumer group) and delivers each alert to the
 * channels {@link AlertRouter} picks. An offset is committed only after its alert was delivered
 * everywhere or dead-lettered: a delivery that keeps failing transiently stops the loop without
 * committing, so a restart sends it again (PagerDuty's dedup_key is the fingerprint, so a re-sent
 * trigger pages once). Permanent rejections (4xx) and unreadable records go to the notifier's
 * dead-letter topic with the reason. Alertmanager also hears every firing alert again each resend
 * interval ({@link AlertmanagerChannel}), from a firing set that survives restarts (the note at
 * {@code rebuildFiringSet} says how).
 */
public final class Notifier {
    /**
     * Where each channel is (null/blank = not configured). Secrets stay here, never in logs.
     *
     * @param alertmanagerUrl Alertmanager's base URL, path prefix included
     * @param alertmanagerResendInterval how often firing alerts are re-sent to Alertmanager
     * @param generatorUrl URL template for Alertmanager's generatorURL when an alert carries none; empty: none
     * @param pagerDutyRate how fast events may be posted to PagerDuty ({@link ChannelPace})
     * @param slackRate how fast messages may be posted to Slack
     */
    public record Channels(URI pagerDutyUrl, String pagerDutyRoutingKey, URI slackWebhook, URI alertmanagerUrl,
            Duration alertmanagerResendInterval, String generatorUrl, DeliveryRate pagerDutyRate,
            DeliveryRate slackRate) {
        public static final Duration DEFAULT_RESEND_INTERVAL = Duration.ofMinutes(1);

        /** The channels with the default rates. */
        public Channels(URI pagerDutyUrl, String pagerDutyRoutingKey, URI slackWebhook, URI alertmanagerUrl,
                Duration alertmanagerResendInterval, String generatorUrl) {
            this(pagerDutyUrl, pagerDutyRoutingKey, slackWebhook, alertmanagerUrl, alertmanagerResendInterval,
                    generatorUrl, DeliveryRate.PAGERDUTY, DeliveryRate.SLACK);
        }

        /** The channels with Alertmanager's defaults: re-sent every minute, no generatorURL template. */
        public Channels(URI pagerDutyUrl, String pagerDutyRoutingKey, URI slackWebhook, URI alertmanagerUrl) {
            this(pagerDutyUrl, pagerDutyRoutingKey, slackWebhook, alertmanagerUrl, DEFAULT_RESEND_INTERVAL, "");
        }

        public Channels withRates(DeliveryRate pagerDuty, DeliveryRate slack) {
            return new Channels(pagerDutyUrl, pagerDutyRoutingKey, slackWebhook, alertmanagerUrl,
                    alertmanagerResendInterval, generatorUrl, pagerDuty, slack);
        }
    }

    /** Counts for logs, metrics and tests. */
    public record Stats(long read, long delivered, long deadLettered, long failed) {}

    /** How long one poll waits at most: bounds how late a re-send or a stop comes. */
    private static final Duration POLL = Duration.ofSeconds(1);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bootstrap;
    private final Map<String, String> kafkaProperties;
    private final String alertsTopic;
    private final String deadLetterTopic;
    private final String group;
    private final Channels channels;
    private final AlertRouter router;
    private final Map<String, String> links;
    private final HttpDelivery delivery;
    private final AlertmanagerChannel alertmanager;
    /** The paced channels: PagerDuty and Slack (Alertmanager takes every alert in one request). */
    private final Map<AlertRouter.Channel, ChannelPace> paces = new java.util.EnumMap<>(AlertRouter.Channel.class);
    private final InstantSource clock = InstantSource.system();
    private final Consumer<String> log;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final java.util.Map<String, AtomicLong> perChannel = new java.util.concurrent.ConcurrentHashMap<>();

    public Notifier(String bootstrap, String alertsTopic, String deadLetterTopic, String group, Channels channels,
            HttpDelivery delivery, Consumer<String> log) {
        this(bootstrap, Map.of(), alertsTopic, deadLetterTopic, group, channels, List.of(), Map.of(), delivery, log);
    }

    /**
     * @param kafkaProperties passed to the Kafka clients (security: SASL, TLS), under the notifier's own
     *     settings (group, isolation, offsets) that its delivery guarantees rest on
     * @param rules label routes that override the severity routing (first match wins)
     * @param links name → URL template ({incident}, {service}, {fingerprint}) shown in Slack and PagerDuty
     */
    public Notifier(String bootstrap, Map<String, String> kafkaProperties, String alertsTopic, String deadLetterTopic,
            String group, Channels channels, List<AlertRouter.Rule> rules, Map<String, String> links,
            HttpDelivery delivery, Consumer<String> log) {
        this.links = Map.copyOf(links);
        this.bootstrap = bootstrap;
        this.kafkaProperties = Map.copyOf(kafkaProperties);
        this.alertsTopic = alertsTopic;
        this.deadLetterTopic = deadLetterTopic;
        this.group = group;
        this.channels = channels;
        this.router = new AlertRouter(channels.pagerDutyUrl() != null && !blank(channels.pagerDutyRoutingKey()),
                channels.slackWebhook() != null, channels.alertmanagerUrl() != null, rules);
        this.delivery = delivery;
        this.log = log;
        paces.put(AlertRouter.Channel.PAGERDUTY, new ChannelPace(channels.pagerDutyRate(), System::nanoTime,
                HttpDelivery::sleep));
        paces.put(AlertRouter.Channel.SLACK, new ChannelPace(channels.slackRate(), System::nanoTime,
                HttpDelivery::sleep));
        this.alertmanager = channels.alertmanagerUrl() == null ? null : new AlertmanagerChannel(
                channels.alertmanagerUrl(), channels.alertmanagerResendInterval(),
                channels.generatorUrl() == null ? "" : channels.generatorUrl(), delivery, clock, log);
    }

    public void stop() {
        stop.set(true);
    }

    public Stats stats() {
        return new Stats(read.get(), delivered.get(), deadLettered.get(), failed.get());
    }

    /**
     * Runs until {@link #stop}, until a delivery fails for good (returns false), or, with
     * {@code idleExit}, once nothing new has come for that long.
     */
    public boolean run(Duration idleExit) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps());
                KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps())) {
            consumer.subscribe(List.of(alertsTopic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    forget(partitions);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    forget(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    rebuildFiringSet(consumer, partitions);
                }
            });
            Duration poll = idleExit != null && idleExit.compareTo(POLL) < 0 ? idleExit : POLL;
            long idleSince = System.nanoTime();
            while (!stop.get()) {
                ConsumerRecords<String, String> records = consumer.poll(poll);
                if (alertmanager != null) {
                    alertmanager.resendIfDue();
                }
                if (records.isEmpty()) {
                    if (consumer.assignment().isEmpty()) {
                        idleSince = System.nanoTime();
                    } else if (idleExit != null && System.nanoTime() - idleSince >= idleExit.toNanos()) {
                        return true;
                    }
                    continue;
                }
                idleSince = System.nanoTime();
                for (ConsumerRecord<String, String> r : records) {
                    read.incrementAndGet();
                    if (!handle(r, producer)) {
                        failed.incrementAndGet();
                        log.accept("notify: delivery of " + alertsTopic + "/" + r.partition() + "@" + r.offset()
                                + " keeps failing; stopping without committing it (a restart resends it)");
                        return false;
                    }
                    consumer.commitSync(Map.of(new TopicPartition(r.topic(), r.partition()),
                            new OffsetAndMetadata(r.offset() + 1)));
                }
            }
            return true;
        }
    }

    private void forget(Collection<TopicPartition> partitions) {
        if (alertmanager != null) {
            alertmanager.forgetPartitions(partitions.stream().map(TopicPartition::partition).toList());
        }
    }

    /*
     * What a restart does to the firing set. The set lives in memory, so a restarted notifier (or
     * one the group hands other partitions) rebuilds it from Kafka before reading anything new:
     * each assigned partition is read from its beginning up to the group's committed offset, which
     * is exactly the alerts already delivered, and the last record per fingerprint says whether it
     * still fires. Those alerts are re-sent to Alertmanager at once. So an incident that was firing
     * before the restart stays active: if the notifier was down for less than four resend
     * intervals Alertmanager never saw it end; if longer, it had lapsed at its last endsAt and
     * comes back firing. Records from the committed offset on are delivered as usual (a resolution
     * that came while the notifier was down is sent then). The alerts topic holds one record per
     * alert change, so the re-read is cheap; only what retention already deleted is lost: an
     * alert whose firing record is gone is not re-sent and lapses, its resolution is still sent.
     */
    private void rebuildFiringSet(KafkaConsumer<String, String> consumer, Collection<TopicPartition> partitions) {
        if (alertmanager == null || partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
        Map<TopicPartition, Long> upTo = new HashMap<>();
        committed.forEach((tp, o) -> {
            if (o != null && o.offset() > 0) {
                upTo.put(tp, o.offset());
            }
        });
        if (upTo.isEmpty()) {
            return;
        }
        long records = 0;
        try (KafkaConsumer<String, String> replay = new KafkaConsumer<>(replayProps())) {
            replay.assign(upTo.keySet());
            replay.seekToBeginning(upTo.keySet());
            // A committed offset past the end (a recreated topic) must not keep the loop waiting.
            replay.endOffsets(upTo.keySet()).forEach((tp, end) -> upTo.merge(tp, end, Math::min));
            Set<TopicPartition> behind = new HashSet<>(upTo.keySet());
            while (!behind.isEmpty() && !stop.get()) {
                for (ConsumerRecord<String, String> r : replay.poll(POLL)) {
                    if (r.offset() >= upTo.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue;
                    }
                    records++;
                    AlertMessage a;
                    try {
                        a = AlertMessage.parse(r.value());
                    } catch (IllegalArgumentException e) {
                        continue; // dead-lettered when it was first read
                    }
                    if (router.route(a).contains(AlertRouter.Channel.ALERTMANAGER)) {
                        alertmanager.restore(a, r.partition());
                    }
                }
                behind.removeIf(tp -> replay.position(tp) >= upTo.get(tp));
            }
        }
        alertmanager.resendSoon();
        log.accept("notify: " + alertmanager.firingCount() + " alert(s) firing in Alertmanager, rebuilt from "
                + records + " delivered record(s) of " + alertsTopic + " " + upTo.keySet().stream()
                        .map(TopicPartition::partition).sorted().toList());
    }

    private void count(AlertRouter.Channel c, String what, long n) {
        perChannel.computeIfAbsent(c.name().toLowerCase() + "|" + what, k -> new AtomicLong()).addAndGet(n);
    }

    /**
     * Prometheus text exposition of the notifier's counters, per channel: deliveries, attempts
     * (so retries = attempts − outcomes), permanent rejections, transient failures, deliveries
     * that waited for the channel's rate and how long they waited.
     */
    public String metrics() {
        StringBuilder sb = new StringBuilder();
        sb.append("# TYPE vigil_notify_alerts_read_total counter\nvigil_notify_alerts_read_total ").append(read.get())
                .append('\n');
        sb.append("# TYPE vigil_notify_dead_letters_total counter\nvigil_notify_dead_letters_total ")
                .append(deadLettered.get()).append('\n');
        if (alertmanager != null) {
            sb.append("# TYPE vigil_notify_alertmanager_firing gauge\nvigil_notify_alertmanager_firing ")
                    .append(alertmanager.firingCount()).append('\n');
            sb.append("# TYPE vigil_notify_alertmanager_resends_total counter\nvigil_notify_alertmanager_resends_total ")
                    .append(alertmanager.resends()).append('\n');
            sb.append("# TYPE vigil_notify_alertmanager_resend_failures_total counter\n"
                    + "vigil_notify_alertmanager_resend_failures_total ").append(alertmanager.resendFailures())
                    .append('\n');
        }
        for (String what : List.of("delivered", "attempts", "rejected", "failed", "paced")) {
            sb.append("# TYPE vigil_notify_").append(what).append("_total counter\n");
            for (AlertRouter.Channel c : AlertRouter.Channel.values()) {
                sb.append("vigil_notify_").append(what).append("_total{channel=\"").append(c.name().toLowerCase())
                        .append("\"} ").append(counted(c, what)).append('\n');
            }
        }
        sb.append("# TYPE vigil_notify_paced_seconds_total counter\n");
        for (AlertRouter.Channel c : AlertRouter.Channel.values()) {
            sb.append("vigil_notify_paced_seconds_total{channel=\"").append(c.name().toLowerCase()).append("\"} ")
                    .append(counted(c, "paced_ms") / 1000.0).append('\n');
        }
        return sb.toString();
    }

    private long counted(AlertRouter.Channel c, String what) {
        AtomicLong v = perChannel.get(c.name().toLowerCase() + "|" + what);
        return v == null ? 0 : v.get();
    }

    /** Waits for the channel's pace, if it has one, counting the wait. */
    private void pace(AlertRouter.Channel c) {
        ChannelPace pace = paces.get(c);
        long waited = pace == null ? 0 : pace.acquire();
        if (waited > 0) {
            count(c, "paced", 1);
            count(c, "paced_ms", waited);
        }
    }

    /** Delivers one record everywhere it should go; false if some channel failed transiently. */
    private boolean handle(ConsumerRecord<String, String> r, KafkaProducer<String, String> producer) {
        AlertMessage a;
        try {
            a = AlertMessage.parse(r.value());
        } catch (IllegalArgumentException e) {
            deadLetter(producer, r, "unreadable", e.getMessage());
            return true;
        }
        for (AlertRouter.Channel c : router.route(a)) {
            pace(c);
            HttpDelivery.Outcome o = switch (c) {
                case PAGERDUTY -> delivery.post(channels.pagerDutyUrl(),
                        Payloads.pagerDuty(a, channels.pagerDutyRoutingKey(), links), Map.of());
                case SLACK -> delivery.post(channels.slackWebhook(), Payloads.slack(a, links), Map.of());
                case ALERTMANAGER -> alertmanager.deliver(a, r.partition());
            };
            count(c, "attempts", o.attempts());
            if (o.delivered()) {
                delivered.incrementAndGet();
                count(c, "delivered", 1);
                log.accept("notify: " + a.fingerprint() + " " + (a.firing() ? "firing" : "resolved") + " "
                        + a.severity() + " -> " + c.name().toLowerCase() + " (" + o.attempts() + " attempt(s))");
            } else if (o.permanent()) {
                count(c, "rejected", 1);
                deadLetter(producer, r, c.name().toLowerCase(), o.reason());
            } else {
                count(c, "failed", 1);
                return false;
            }
        }
        return true;
    }

    private void deadLetter(KafkaProducer<String, String> producer, ConsumerRecord<String, String> r, String channel,
            String reason) {
        ObjectNode n = JSON.createObjectNode();
        n.put("stage", "notify-" + channel);
        n.put("reason", reason);
        n.put("topic", r.topic());
        n.put("partition", r.partition());
        n.put("offset", r.offset());
        n.put("payload", r.value());
        n.put("at", Instant.now().toString());
        try {
            producer.send(new ProducerRecord<>(deadLetterTopic, r.key(), n.toString())).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot write the notifier dead letter to " + deadLetterTopic, e);
        }
        deadLettered.incrementAndGet();
        log.accept("notify: " + channel + " rejected " + r.topic() + "/" + r.partition() + "@" + r.offset() + ": "
                + reason + " -> " + deadLetterTopic);
    }

    Properties consumerProps() {
        Properties p = replayProps();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "50");
        return p;
    }

    /** A consumer outside the group (it never commits), for rebuilding the firing set. */
    private Properties replayProps() {
        Properties p = new Properties();
        p.putAll(kafkaProperties);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return p;
    }

    Properties producerProps() {
        Properties p = new Properties();
        p.putAll(kafkaProperties);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return p;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
