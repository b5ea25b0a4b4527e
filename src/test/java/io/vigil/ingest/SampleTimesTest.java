package io.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.IngestConfig;
import io.vigil.model.Ingested;
import io.vigil.model.InputFormat;
import io.vigil.model.MetricSample;
import io.vigil.model.Timestamps;
import io.vigil.model.WallClock;
import io.vigil.testing.RemoteWriteBodies;

import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Timestamps out of range and clocks ahead: refused in every format, each with its reason. */
class SampleTimesTest {
    static final long NOW = Timestamps.parse("2030-01-01T12:00:00Z");
    static final long MINUTE = 60_000;
    static final long AHEAD = 5 * MINUTE;

    final SampleTimes times = new SampleTimes(AHEAD, WallClock.fixed(NOW));

    @Test
    void aSampleYearsAhead_refused_theRestOfItsPartitionAndOthersFlow() {
        long history = Timestamps.parse("2026-11-24T00:00:00Z");
        assertThat(times.admit(0, history)).isNull();
        assertThat(times.admit(0, NOW + 5 * 365 * 24 * 60 * MINUTE)).contains("ingest.max-ahead")
                .contains("2034-").contains(Timestamps.format(NOW)).contains(Timestamps.format(history));
        assertThat(times.admit(0, history + MINUTE)).isNull();
        assertThat(times.admit(1, history + 2 * MINUTE)).isNull();
    }

    @Test
    void historyMayJumpAGap_aLivePartitionMayRunALittleAhead() {
        long history = Timestamps.parse("2026-11-24T00:00:00Z");
        assertThat(times.admit(0, history)).isNull();
        assertThat(times.admit(0, history + 3 * 24 * 60 * MINUTE)).as("a three-day gap in a replay").isNull();
        assertThat(times.admit(2, NOW + MINUTE)).as("a live host a minute ahead").isNull();
        assertThat(times.admit(2, NOW + 5 * MINUTE)).as("within max-ahead of its partition's newest").isNull();
        assertThat(times.admit(2, NOW + 11 * MINUTE)).as("beyond both").isNotNull();
        assertThat(times.admit(3, NOW + 6 * MINUTE)).as("a new partition's first sample: the clock alone").isNotNull();
    }

    @Test
    void outOfRange_refusedWhateverTheClock() {
        assertThat(times.admit(0, Long.MAX_VALUE)).contains("outside");
        assertThat(times.admit(0, -1)).contains("outside");
    }

    static List<Ingested> parse(IngestConfig cfg, InputFormat format, String... lines) {
        SampleParser parser = new SampleParser(cfg, WallClock.fixed(NOW), new UnregisteredMetricsGroup());
        List<Ingested> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            parser.parse("f.csv", -1, i + 1, format, lines[i].getBytes(StandardCharsets.UTF_8), new ListCollector<>(out));
        }
        return out;
    }

    static List<String> reasons(List<Ingested> out) {
        return out.stream().filter(r -> r.deadLetter() != null).map(r -> r.deadLetter().reason()).toList();
    }

    @Test
    void csvAndAdapterJson_outOfRangeAndAheadAreDeadLetters_goodRowsStay() {
        IngestConfig csv = ConfigLoader.defaults().ingest().withCsvColumns(List.of("timestamp", "metric", "value"));
        List<Ingested> rows = parse(csv, InputFormat.CSV, "timestamp,metric,value",
                "2026-11-24T00:00:00Z,cpu,1", "99999999999999999999,cpu,2", "2026-11-24T00:01:00Z,cpu,3",
                "9999-12-31T00:00:00Z,cpu,4", "2026-11-24T00:02:00Z,cpu,5");
        assertThat(rows).filteredOn(r -> r.sample() != null).extracting(r -> r.sample().value())
                .containsExactly(1.0, 3.0, 5.0);
        assertThat(reasons(rows)).hasSize(2);
        assertThat(reasons(rows).get(0)).contains("99999999999999999999").contains("outside");
        assertThat(reasons(rows).get(1)).contains("ingest.max-ahead");
        assertThat(rows).filteredOn(r -> r.deadLetter() != null).extracting(r -> r.deadLetter().offset())
                .containsExactly(3L, 5L);

        List<Ingested> json = parse(ConfigLoader.defaults().ingest(), InputFormat.ADAPTER_JSON,
                "{\"timestamp\":\"+10000-01-01T00:00:00Z\",\"value\":\"1\",\"name\":\"up\"}",
                "{\"timestamp\":\"2040-01-01T00:00:00Z\",\"value\":\"1\",\"name\":\"up\"}",
                "{\"timestamp\":\"2029-12-31T00:00:00Z\",\"value\":\"1\",\"name\":\"up\"}");
        assertThat(reasons(json)).hasSize(2);
        assertThat(json.get(2).sample()).isNotNull();
    }

    @Test
    void remoteWrite_badTimesRejectedAlone_asReplayableLines() {
        long t = Timestamps.parse("2026-11-24T00:00:00Z");
        byte[] body = RemoteWriteBodies.body(List.of(
                RemoteWriteBodies.series("up", Map.of("job", "api"), t, 1, 2),
                RemoteWriteBodies.series("up", Map.of("job", "skewed"), NOW + 400 * 24 * 60 * MINUTE, 3),
                RemoteWriteBodies.series("up", Map.of("job", "broken"), -5, 4)));
        SampleParser parser = new SampleParser(ConfigLoader.defaults().ingest(), WallClock.fixed(NOW),
                new UnregisteredMetricsGroup());
        List<Ingested> out = new ArrayList<>();
        parser.parse("metrics", 2, 40, InputFormat.REMOTE_WRITE, body, new ListCollector<>(out));
        assertThat(out).filteredOn(r -> r.sample() != null).extracting(Ingested::sample)
                .extracting(MetricSample::value).containsExactly(1.0, 2.0);
        assertThat(out).filteredOn(r -> r.sample() != null).extracting(Ingested::sample)
                .allSatisfy(s -> assertThat(s.partition() * 1000L + s.offset()).isEqualTo(2040L));
        assertThat(out).filteredOn(r -> r.deadLetter() != null).singleElement().extracting(Ingested::deadLetter)
                .satisfies(d -> {
                    assertThat(d.reason()).startsWith("2 sample(s) rejected").contains("ingest.max-ahead");
                    assertThat(d.payload().lines()).hasSize(2);
                    assertThat(d.payload()).contains("\"skewed\"").contains("\"-5\"");
                    assertThat(d.offset()).isEqualTo(40);
                });
        assertThat(ConfigLoader.defaults().ingest().maxAhead()).isEqualTo(Duration.ofMinutes(5));
    }
}
