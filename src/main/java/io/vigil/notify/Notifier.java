package io.vigil.notify;

import org.apache.kafka.clients.consumer.ConsumerConfig;
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

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Reads the alerts topic (read_committed, its own consumer group) and delivers each alert to the
 * channels {@link AlertRouter} picks. An offset is committed only after its alert was delivered
 * everywhere or dead-lettered: a delivery that keeps failing transiently stops the loop without
 * committing, so a restart sends it again (PagerDuty's dedup_key is the fingerprint, so a re-sent
 * trigger pages once). Permanent rejections (4xx) and unreadable records go to the notifier's
 * dead-letter topic with the reason.
 */
public final class Notifier {
    /** Where each channel is (null/blank = not configured). Secrets stay here, never in logs. */
    public record Channels(URI pagerDutyUrl, String pagerDutyRoutingKey, URI slackWebhook, URI alertmanagerUrl) {}

    /** Counts for logs, metrics and tests. */
    public record Stats(long read, long delivered, long deadLettered, long failed) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bootstrap;
    private final String alertsTopic;
    private final String deadLetterTopic;
    private final String group;
    private final Channels channels;
    private final AlertRouter router;
    private final Map<String, String> links;
    private final HttpDelivery delivery;
    private final Consumer<String> log;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final java.util.Map<String, AtomicLong> perChannel = new java.util.concurrent.ConcurrentHashMap<>();

    public Notifier(String bootstrap, String alertsTopic, String deadLetterTopic, String group, Channels channels,
            HttpDelivery delivery, Consumer<String> log) {
        this(bootstrap, alertsTopic, deadLetterTopic, group, channels, List.of(), Map.of(), delivery, log);
    }

    /**
     * @param rules label routes that override the severity routing (first match wins)
     * @param links name → URL template ({incident}, {service}, {fingerprint}) shown in Slack and PagerDuty
     */
    public Notifier(String bootstrap, String alertsTopic, String deadLetterTopic, String group, Channels channels,
            List<AlertRouter.Rule> rules, Map<String, String> links, HttpDelivery delivery, Consumer<String> log) {
        this.links = Map.copyOf(links);
        this.bootstrap = bootstrap;
        this.alertsTopic = alertsTopic;
        this.deadLetterTopic = deadLetterTopic;
        this.group = group;
        this.channels = channels;
        this.router = new AlertRouter(channels.pagerDutyUrl() != null && !blank(channels.pagerDutyRoutingKey()),
                channels.slackWebhook() != null, channels.alertmanagerUrl() != null, rules);
        this.delivery = delivery;
        this.log = log;
    }

    public void stop() {
        stop.set(true);
    }

    public Stats stats() {
        return new Stats(read.get(), delivered.get(), deadLettered.get(), failed.get());
    }

    /**
     * Runs until {@link #stop}, until a delivery fails for good (returns false), or, with
     * {@code idleExit}, once a poll of that long finds nothing new.
     */
    public boolean run(Duration idleExit) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps());
                KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps())) {
            consumer.subscribe(List.of(alertsTopic));
            while (!stop.get()) {
                ConsumerRecords<String, String> records = consumer.poll(idleExit == null ? Duration.ofSeconds(1) : idleExit);
                if (records.isEmpty() && idleExit != null && !consumer.assignment().isEmpty()) {
                    return true;
                }
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

    private void count(AlertRouter.Channel c, String what, long n) {
        perChannel.computeIfAbsent(c.name().toLowerCase() + "|" + what, k -> new AtomicLong()).addAndGet(n);
    }

    /**
     * Prometheus text exposition of the notifier's counters, per channel: deliveries, attempts
     * (so retries = attempts − outcomes), permanent rejections, transient failures.
     */
    public String metrics() {
        StringBuilder sb = new StringBuilder();
        sb.append("# TYPE vigil_notify_alerts_read_total counter\nvigil_notify_alerts_read_total ").append(read.get())
                .append('\n');
        sb.append("# TYPE vigil_notify_dead_letters_total counter\nvigil_notify_dead_letters_total ")
                .append(deadLettered.get()).append('\n');
        for (String what : List.of("delivered", "attempts", "rejected", "failed")) {
            sb.append("# TYPE vigil_notify_").append(what).append("_total counter\n");
            for (AlertRouter.Channel c : AlertRouter.Channel.values()) {
                AtomicLong v = perChannel.get(c.name().toLowerCase() + "|" + what);
                sb.append("vigil_notify_").append(what).append("_total{channel=\"").append(c.name().toLowerCase())
                        .append("\"} ").append(v == null ? 0 : v.get()).append('\n');
            }
        }
        return sb.toString();
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
            HttpDelivery.Outcome o = switch (c) {
                case PAGERDUTY -> delivery.post(channels.pagerDutyUrl(),
                        Payloads.pagerDuty(a, channels.pagerDutyRoutingKey(), links), Map.of());
                case SLACK -> delivery.post(channels.slackWebhook(), Payloads.slack(a, links), Map.of());
                case ALERTMANAGER -> delivery.post(channels.alertmanagerUrl(), Payloads.alertmanager(List.of(a)), Map.of());
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

    private Properties consumerProps() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "50");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return p;
    }

    private Properties producerProps() {
        Properties p = new Properties();
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
