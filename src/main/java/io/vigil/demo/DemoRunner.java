package io.vigil.demo;

import io.vigil.alert.Accumulators;
import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.model.Timestamps;
import io.vigil.pipeline.FlinkSettings;
import io.vigil.pipeline.KafkaIO;
import io.vigil.pipeline.PipelineOutputs;
import io.vigil.pipeline.VigilPipeline;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Everything embedded: an in-process Kafka, the Vigil job on a local Flink mini cluster, the
 * synthetic shop writing metrics in compressed event time, and a consumer printing what Vigil
 * publishes. When the scenario is over it waits until the job has read everything, stops the job
 * with a draining savepoint (which closes every open step, incident and alert) and summarizes.
 */
public final class DemoRunner {
    static final String METRICS_TOPIC = "metrics";
    static final int METRICS_PARTITIONS = 2;

    /** How the demo runs: scenario length, pace (scenario seconds per second; 0 = flat out), seed. */
    public record Options(int hours, double speed, long seed, int parallelism) {}

    private DemoRunner() {}

    public static DemoReport.Summary run(Options o, Consumer<String> say, BooleanSupplier stopRequested)
            throws Exception {
        long wallStart = System.nanoTime();
        List<InjectedIncident> injected = DemoScenario.incidents(o.hours());
        say.accept("Starting an in-process Kafka broker (KRaft)...");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            VigilConfig base = ConfigLoader.load(null, Map.of(
                    "kafka.starting-offsets", "earliest",
                    "kafka.group-id", "vigil-demo",
                    "kafka.transactional-id-prefix", "vigil-demo-" + UUID.randomUUID().toString().substring(0, 8),
                    "correlate.scope-labels", "namespace",
                    // One producer feeds every partition at once: no need to wait long for a silent one.
                    "ingest.idleness", "5s",
                    "job.checkpoint-interval", "1s",
                    "job.parallelism", Integer.toString(o.parallelism())));
            Path services = Files.createTempFile("vigil-demo-services", ".yaml");
            services.toFile().deleteOnExit();
            ScenarioFiles.writeServices(services);
            VigilConfig cfg = base.withKafka(base.kafka().withBootstrapServers(kafka.bootstrapServers()))
                    .withCorrelate(base.correlate().withServicesFile(services.toString()));
            kafka.createTopics(METRICS_PARTITIONS, List.of(METRICS_TOPIC));
            kafka.createTopics(1, cfg.kafka().outputTopics());

            StreamExecutionEnvironment env = FlinkSettings.environment(cfg.job(), new Configuration());
            PipelineOutputs out = VigilPipeline.build(KafkaIO.samples(env, cfg.kafka(), cfg.ingest(), false), cfg);
            KafkaIO.attachSinks(out, cfg.kafka());
            JobClient job = env.executeAsync("vigil-demo");
            say.accept(String.format("Vigil job running on a local Flink (parallelism %d). Scenario: %d h of a shop "
                    + "with %d services from %s, at %s.", o.parallelism(), o.hours(), DemoScenario.SERVICES.size(),
                    Timestamps.format(DemoScenario.START.toEpochMilli()),
                    o.speed() > 0 ? String.format("%.0fx real time", o.speed()) : "full speed"));

            OutputWatcher watcher = new OutputWatcher(cfg.kafka(), say);
            Thread watcherThread = new Thread(watcher, "vigil-demo-watcher");
            watcherThread.start();

            var producer = new MetricsProducer(kafka.bootstrapServers(), METRICS_TOPIC, METRICS_PARTITIONS);
            var produced = producer.run(new SyntheticMetrics(injected, o.seed()), o.hours(), o.speed(), o.seed(),
                    minute -> announce(injected, minute, say), stopRequested);

            say.accept("Scenario over; waiting for Vigil to read the last samples, then draining the job...");
            awaitConsumed(kafka.bootstrapServers(), cfg.kafka().groupId(), METRICS_TOPIC);
            Path savepoints = Files.createTempDirectory("vigil-demo-savepoints");
            job.stopWithSavepoint(true, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(3, TimeUnit.MINUTES);
            JobExecutionResult result = job.getJobExecutionResult().get(1, TimeUnit.MINUTES);
            watcher.stop();
            watcherThread.join(TimeUnit.SECONDS.toMillis(30));

            Long suppressed = result.getAccumulatorResult(Accumulators.ALERTS_SUPPRESSED);
            return DemoReport.summarize(injected, watcher, produced, suppressed == null ? 0 : suppressed,
                    (System.nanoTime() - wallStart) / 1e9);
        }
    }

    private static void announce(List<InjectedIncident> injected, int minute, Consumer<String> say) {
        for (InjectedIncident i : injected) {
            if (i.startMin() == minute) {
                say.accept(String.format("[%s] >>> injecting: %s", DemoText.clock(Timestamps.format(
                        DemoScenario.START.toEpochMilli() + minute * 60_000L)), i.description()));
            }
        }
    }

    /** Waits until the job's consumer group has committed (at a checkpoint) every produced offset. */
    private static void awaitConsumed(String bootstrap, String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < METRICS_PARTITIONS; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            var ends = admin.listOffsets(latest).all().get();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                boolean done = true;
                for (var e : ends.entrySet()) {
                    var c = committed.get(e.getKey());
                    done &= c != null && c.offset() >= e.getValue().offset();
                }
                if (done) {
                    return;
                }
                Thread.sleep(250);
            }
            throw new IllegalStateException("the Vigil job did not read all demo metrics within 120 s");
        }
    }
}
