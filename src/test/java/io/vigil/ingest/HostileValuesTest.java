package io.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.demo.MetricsProducer;
import io.vigil.model.DeadLetter;
import io.vigil.model.Ingested;
import io.vigil.model.InputFormat;
import io.vigil.model.MetricSample;
import io.vigil.model.OutputJson;
import io.vigil.model.Timestamps;
import io.vigil.model.WallClock;
import io.vigil.testing.RemoteWriteBodies;

import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values an attacker or a broken exporter sends: a thousand labels, a megabyte-long label value,
 * the same series twice in one request. Each is refused alone with a short reason, its dead letter
 * fits in a Kafka message, and everything else in the record flows.
 */
class HostileValuesTest {
    static final long T = Timestamps.parse("2026-11-24T00:00:00Z");
    static final int KAFKA_MESSAGE_LIMIT = 1_048_576;

    static List<Ingested> parse(InputFormat format, byte[] payload) {
        SampleParser parser = new SampleParser(ConfigLoader.defaults().ingest(), WallClock.fixed(T + 60_000),
                new UnregisteredMetricsGroup());
        List<Ingested> out = new ArrayList<>();
        parser.parse("metrics", 0, 9, format, payload, new ListCollector<>(out));
        return out;
    }

    static DeadLetter onlyDeadLetter(List<Ingested> out) {
        assertThat(out).singleElement().extracting(Ingested::deadLetter).isNotNull();
        return out.get(0).deadLetter();
    }

    @Test
    void aThousandLabels_refused() {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < 1_000; i++) {
            labels.put("l" + i, "v" + i);
        }
        DeadLetter d = onlyDeadLetter(parse(InputFormat.ADAPTER_JSON,
                MetricsProducer.adapterJson(T, 1, "wide", labels).getBytes(StandardCharsets.UTF_8)));
        assertThat(d.reason()).contains("1001 labels").contains("bridge.limits.max-labels-per-series 40");
        assertThat(d.offset()).isEqualTo(9);
    }

    @Test
    void aMegabyteLabelValue_refused_itsDeadLetterFitsInAKafkaMessage() {
        String huge = "x".repeat(1 << 20);
        DeadLetter d = onlyDeadLetter(parse(InputFormat.ADAPTER_JSON,
                MetricsProducer.adapterJson(T, 1, "up", Map.of("pod", huge)).getBytes(StandardCharsets.UTF_8)));
        assertThat(d.reason()).contains("label pod").contains("1048576 bytes").contains("payload cut").hasSizeLessThan(400);
        assertThat(OutputJson.deadLetter(d).getBytes(StandardCharsets.UTF_8).length).isLessThan(KAFKA_MESSAGE_LIMIT);
    }

    @Test
    void remoteWrite_wideAndHugeSeriesRefusedAlone_duplicateSeriesBothKept() {
        Map<String, String> wide = new LinkedHashMap<>();
        for (int i = 0; i < 1_000; i++) {
            wide.put("l" + i, "v");
        }
        byte[] body = RemoteWriteBodies.body(List.of(
                RemoteWriteBodies.series("up", Map.of("job", "a"), T, 1),
                RemoteWriteBodies.series("up", wide, T, 2),
                RemoteWriteBodies.series("up", Map.of("job", "y".repeat(1 << 20)), T, 3),
                RemoteWriteBodies.series("up", Map.of("job", "a"), T + 15_000, 4)));
        List<Ingested> out = parse(InputFormat.REMOTE_WRITE, body);
        assertThat(out).filteredOn(r -> r.sample() != null).extracting(Ingested::sample)
                .extracting(MetricSample::value).containsExactly(1.0, 4.0);
        assertThat(out).filteredOn(r -> r.deadLetter() != null).singleElement().satisfies(r -> {
            assertThat(r.deadLetter().reason()).startsWith("2 sample(s) rejected").contains("1001 labels");
            assertThat(OutputJson.deadLetter(r.deadLetter()).getBytes(StandardCharsets.UTF_8).length)
                    .isLessThan(KAFKA_MESSAGE_LIMIT);
        });
    }

    @Test
    void limitsAreTheBridges() {
        var ingest = ConfigLoader.defaults().ingest().labelLimits();
        assertThat(ingest).isEqualTo(ConfigLoader.defaults().bridge().limits().labels());
        var tight = ConfigLoader.load(null, Map.of("bridge.limits.max-labels-per-series", "3")).ingest().labelLimits();
        assertThat(tight.refuse("up", Map.of("a", "1", "b", "2"))).isNull();
        assertThat(tight.refuse("up", Map.of("a", "1", "b", "2", "c", "3"))).contains("4 labels");
    }
}
