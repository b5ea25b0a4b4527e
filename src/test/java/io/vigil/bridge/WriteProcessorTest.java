package io.vigil.bridge;

import io.vigil.config.BridgeConfig;
import io.vigil.config.ConfigLoader;
import io.vigil.config.LabelLimits;
import io.vigil.ingest.RemoteWriteDecoder;
import io.vigil.ingest.proto.Exemplar;
import io.vigil.ingest.proto.TimeSeries;
import io.vigil.ingest.proto.WriteRequest;
import io.vigil.testing.RemoteWriteBodies;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WriteProcessorTest {
    static final long T = 1_795_000_000_000L;
    static final BridgeConfig.Limits DEFAULTS = ConfigLoader.defaults().bridge().limits();
    final AtomicLong clock = new AtomicLong(T);

    WriteProcessor processor(BridgeConfig.Limits limits) {
        return new WriteProcessor(limits, clock::get);
    }

    static BridgeConfig.Limits limits(int maxSeries, int maxLabels, int maxValue, int perMinute, int burst) {
        return new BridgeConfig.Limits(DEFAULTS.maxBodyBytes(), DEFAULTS.maxDecodedBytes(), maxSeries,
                new LabelLimits(maxLabels, DEFAULTS.labels().maxNameLength(), maxValue), perMinute, burst,
                Duration.ofHours(1));
    }

    static Map<String, Integer> partitionOfEachSeries(WritePlan plan) throws Exception {
        Map<String, Integer> out = new HashMap<>();
        for (WritePlan.Batch b : plan.records()) {
            for (TimeSeries ts : RemoteWriteDecoder.parse(b.value(), 1 << 26).getTimeseriesList()) {
                Integer before = out.put(ts.getLabelsList().toString(), b.partition());
                assertThat(before == null || before == b.partition()).as("one series, one partition").isTrue();
            }
        }
        return out;
    }

    @Test
    void everySeriesLandsOnItsOwnPartition_requestAfterRequest() throws Exception {
        WriteProcessor p = processor(DEFAULTS);
        List<TimeSeries> scrape1 = RemoteWriteBodies.fleet(2000, T, 1);
        List<TimeSeries> scrape2 = new ArrayList<>(RemoteWriteBodies.fleet(2000, T + 15_000, 2));
        java.util.Collections.shuffle(scrape2, new java.util.Random(5));
        WritePlan a = p.process(RemoteWriteBodies.body(scrape1), 6);
        WritePlan b = p.process(RemoteWriteBodies.body(scrape2), 6);
        Map<String, Integer> pa = partitionOfEachSeries(a);
        Map<String, Integer> pb = partitionOfEachSeries(b);
        assertThat(pa).isEqualTo(pb);
        assertThat(a.records()).extracting(WritePlan.Batch::partition).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        assertThat(a.records().stream().mapToInt(WritePlan.Batch::samples).sum()).isEqualTo(2000);
        // Spread: no partition holds more than twice its share.
        Map<Integer, Long> load = new HashMap<>();
        pa.values().forEach(x -> load.merge(x, 1L, Long::sum));
        assertThat(load.values()).allSatisfy(n -> assertThat(n).isLessThan(2L * pa.size() / 6));
    }

    @Test
    void kafkaBytesPerSample_belowFiftyAndBelowTheRequestItself() throws Exception {
        WriteProcessor p = processor(DEFAULTS);
        for (int series : new int[] {1000, 5000}) {
            byte[] body = RemoteWriteBodies.body(RemoteWriteBodies.fleet(series, T, series));
            WritePlan plan = p.process(body, 1);
            long written = plan.records().stream().mapToLong(x -> x.value().length).sum();
            double perSample = (double) written / series;
            assertThat(perSample).as("%d series: Kafka bytes per sample", series).isLessThanOrEqualTo(50.0);
            assertThat(written).isLessThanOrEqualTo(body.length + 16);
        }
    }

    @Test
    void limits_wholeRequestAndPerSeries() throws Exception {
        assertThatThrownBy(() -> processor(limits(10, 40, 2048, 0, 0))
                .process(RemoteWriteBodies.body(RemoteWriteBodies.fleet(11, T, 1)), 1))
                .isInstanceOfSatisfying(RejectedRequest.class, r -> {
                    assertThat(r.status).isEqualTo(413);
                    assertThat(r.reason).isEqualTo("too_many_series");
                });
        assertThatThrownBy(() -> processor(DEFAULTS).process(new byte[] {9, 9, 9}, 1))
                .isInstanceOfSatisfying(RejectedRequest.class, r -> assertThat(r.reason).isEqualTo("bad_snappy"));
        assertThatThrownBy(() -> processor(DEFAULTS).process(RemoteWriteBodies.compress(new byte[] {(byte) 0xff}), 1))
                .isInstanceOfSatisfying(RejectedRequest.class, r -> assertThat(r.reason).isEqualTo("bad_protobuf"));

        Map<String, String> wide = new HashMap<>();
        for (int i = 0; i < 5; i++) {
            wide.put("l" + i, "v");
        }
        List<TimeSeries> mixed = List.of(
                RemoteWriteBodies.series("ok", Map.of("job", "a"), T, 1),
                RemoteWriteBodies.series("wide", wide, T, 1),
                RemoteWriteBodies.series("long", Map.of("path", "x".repeat(300)), T, 1),
                TimeSeries.newBuilder().addLabels(io.vigil.ingest.proto.Label.newBuilder().setName("job").setValue("a"))
                        .addSamples(io.vigil.ingest.proto.Sample.newBuilder().setValue(1).setTimestamp(T)).build());
        WritePlan plan = processor(limits(100, 4, 200, 0, 0)).process(RemoteWriteBodies.body(mixed), 1);
        assertThat(plan.rejectedSeries()).containsOnly(Map.entry("too_many_labels", 1),
                Map.entry("label_value_too_long", 1), Map.entry("missing_metric_name", 1));
        assertThat(plan.firstRejection()).startsWith("too_many_labels: series wide{l0=\"v\"");
        assertThat(plan.records()).hasSize(1);
        assertThat(plan.records().get(0).series()).isEqualTo(1);
    }

    @Test
    void cardinalityGuard_newSeriesCutAtTheRate_knownSeriesFlow() throws Exception {
        WriteProcessor p = processor(limits(100_000, 40, 2048, 60, 100)); // 1 new series a second after 100
        WritePlan first = p.process(RemoteWriteBodies.body(RemoteWriteBodies.fleet(100, T, 1)), 1);
        assertThat(first.rejectedCount()).isZero();
        // An exporter starts minting series: 500 new ones next scrape, the known 100 again.
        List<TimeSeries> next = new ArrayList<>(RemoteWriteBodies.fleet(100, T + 15_000, 2));
        for (int i = 0; i < 500; i++) {
            next.add(RemoteWriteBodies.series("bad_metric", Map.of("request_id", "r" + i), T + 15_000, i));
        }
        clock.addAndGet(15_000);
        WritePlan flood = p.process(RemoteWriteBodies.body(next), 1);
        assertThat(flood.rejectedSeries()).containsOnly(Map.entry("cardinality", 500 - 15));
        assertThat(flood.records().get(0).series()).isEqualTo(115);
        assertThat(p.knownSeries()).isEqualTo(115);
        // After the TTL the forgotten series count as new again, but the bucket has refilled.
        clock.addAndGet(Duration.ofHours(2).toMillis());
        assertThat(p.process(RemoteWriteBodies.body(RemoteWriteBodies.fleet(100, T, 3)), 1).rejectedCount()).isZero();
    }

    @Test
    void exemplarsAndMetadataAreCountedNotForwarded() throws Exception {
        TimeSeries withExemplar = RemoteWriteBodies.series("h", Map.of(), T, 1).toBuilder()
                .addExemplars(Exemplar.newBuilder().setValue(0.3).setTimestamp(T)).build();
        byte[] body = RemoteWriteBodies.compress(WriteRequest.newBuilder().addTimeseries(withExemplar)
                .addMetadata(io.vigil.ingest.proto.MetricMetadata.newBuilder().setMetricFamilyName("h")).build()
                .toByteArray());
        WritePlan plan = processor(DEFAULTS).process(body, 1);
        assertThat(plan.notForwarded()).isEqualTo(2);
        TimeSeries out = RemoteWriteDecoder.parse(plan.records().get(0).value(), 1 << 20).getTimeseries(0);
        assertThat(out.getExemplarsCount()).isZero();
        assertThat(out.getSamplesCount()).isEqualTo(1);
    }

    @Test
    void forwardedSeries_areExactlyTheAcceptedOnes_exemplarsLeftBehind() throws Exception {
        List<TimeSeries> in = new ArrayList<>(RemoteWriteBodies.fleet(300, T, 4));
        for (int i = 0; i < in.size(); i += 7) {
            in.set(i, in.get(i).toBuilder().addExemplars(Exemplar.newBuilder().setValue(i).setTimestamp(T)
                    .addLabels(io.vigil.ingest.proto.Label.newBuilder().setName("trace_id").setValue("t" + i))).build());
        }
        in.add(RemoteWriteBodies.series("", Map.of("job", "x"), T, 1)); // refused: no name
        WritePlan plan = processor(DEFAULTS).process(RemoteWriteBodies.body(in), 4);
        List<TimeSeries> out = new ArrayList<>();
        for (WritePlan.Batch b : plan.records()) {
            out.addAll(RemoteWriteDecoder.parse(b.value(), 1 << 26).getTimeseriesList());
        }
        List<TimeSeries> expected = in.subList(0, 300).stream()
                .map(ts -> ts.toBuilder().clearExemplars().build()).toList();
        assertThat(out).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(plan.notForwarded()).isEqualTo(43);
        assertThat(plan.rejectedSeries()).containsOnly(Map.entry("missing_metric_name", 1));
    }

    @Test
    void truncatedOrInvalidUtf8_refusedWithTheReason() throws Exception {
        byte[] raw = WriteRequest.newBuilder().addAllTimeseries(RemoteWriteBodies.fleet(3, T, 1)).build().toByteArray();
        byte[] cut = java.util.Arrays.copyOf(raw, raw.length - 5);
        assertThatThrownBy(() -> processor(DEFAULTS).process(RemoteWriteBodies.compress(cut), 1))
                .isInstanceOfSatisfying(RejectedRequest.class, r -> {
                    assertThat(r.reason).isEqualTo("bad_protobuf");
                    assertThat(r.getMessage()).contains("runs past the end");
                });
        byte[] bad = WriteRequest.newBuilder().addTimeseries(RemoteWriteBodies.series("m", Map.of("k", "\u00e9X"), T, 1))
                .build().toByteArray();
        for (int i = 0; i < bad.length; i++) {
            if (bad[i] == 'X') {
                bad[i] = (byte) 0xff;
            }
        }
        WritePlan plan = processor(DEFAULTS).process(RemoteWriteBodies.compress(bad), 1);
        assertThat(plan.rejectedSeries()).containsOnly(Map.entry("invalid_utf8", 1));
        assertThat(plan.records()).isEmpty();
    }
}
