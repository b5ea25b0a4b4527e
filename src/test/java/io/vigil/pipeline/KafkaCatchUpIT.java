package io.vigil.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.demo.EmbeddedKafka;
import io.vigil.demo.MetricsProducer;
import io.vigil.ingest.RouteIngested;
import io.vigil.model.MetricSample;
import io.vigil.testing.MiniClusters;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.apache.flink.util.CloseableIterator;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A job catching up on a backlog while stalled downstream loses nothing as late: event time is kept
 * per partition in the Kafka source, and time the source spends backpressured does not count
 * towards a partition's idleness. The stalls here (2 s each) are four times the idleness, no
 * out-of-orderness is allowed, and two partitions are read unevenly, as a consumer does: had
 * stalled time counted, the first partition read after a stall would have moved event time past
 * the other one's waiting samples.
 */
class KafkaCatchUpIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    static final int SERIES = 100;
    static final int STEPS = 120;
    static final long T0 = 1_795_000_000_000L;

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    /** Counts samples at or behind the watermark as they arrive, and stalls three times on the way. */
    static final class StallingLateCounter extends KeyedProcessFunction<String, MetricSample, String> {
        private static final int[] STALL_AT = {1_000, 4_000, 8_000};
        private int seen;

        @Override
        public void processElement(MetricSample s, Context ctx, Collector<String> out) throws Exception {
            seen++;
            for (int at : STALL_AT) {
                if (seen == at) {
                    Thread.sleep(2_000);
                }
            }
            out.collect(s.timestampMs() <= ctx.timerService().currentWatermark() ? "late" : "in time");
        }
    }

    @Test
    void backlogDrainedThroughStalls_noSampleLate() throws Exception {
        VigilConfig base = ConfigLoader.load(null, Map.of("kafka.topics.metrics", "catchup",
                "kafka.starting-offsets", "earliest", "kafka.group-id", "catchup-it",
                "ingest.max-out-of-orderness", "0s", "ingest.idleness", "500ms", "job.parallelism", "1"));
        VigilConfig cfg = base.withKafka(base.kafka().withBootstrapServers(kafka.bootstrapServers()));
        kafka.createTopics(2, java.util.List.of("catchup"));
        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int step = 0; step < STEPS; step++) {
                for (int i = 0; i < SERIES; i++) {
                    String json = MetricsProducer.adapterJson(T0 + step * 60_000L, i + step, "load",
                            Map.of("pod", "p" + i));
                    producer.send(new ProducerRecord<>("catchup", i % 2, null, json.getBytes(StandardCharsets.UTF_8)));
                }
            }
        }

        StreamExecutionEnvironment env = FlinkSettings.environment(cfg.job(), new Configuration());
        env.getConfig().setAutoWatermarkInterval(50);
        SampleInput in = KafkaIO.samples(env, cfg.kafka(), cfg.ingest(), true);
        var verdicts = in.stream()
                .process(new RouteIngested(OutputTags.DEAD_LETTERS)).uid("test-route").name("test-route")
                .keyBy(MetricSample::series, Types.STRING)
                .process(new StallingLateCounter()).uid("test-stall").name("test-stall");
        long late = 0;
        long inTime = 0;
        try (CloseableIterator<String> it = verdicts.executeAndCollect("vigil-catchup-it")) {
            while (it.hasNext()) {
                if (it.next().equals("late")) {
                    late++;
                } else {
                    inTime++;
                }
            }
        }
        assertThat(inTime + late).isEqualTo((long) SERIES * STEPS);
        assertThat(late).isZero();
    }
}
