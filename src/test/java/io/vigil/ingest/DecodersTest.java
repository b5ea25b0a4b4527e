package io.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.vigil.config.ConfigLoader;
import io.vigil.model.ChangeEvent;
import io.vigil.model.DeadLetter;
import io.vigil.model.DeadLetters;
import io.vigil.model.Ingested;
import io.vigil.model.InputFormat;
import io.vigil.model.MetricSample;
import io.vigil.model.RawRecord;
import io.vigil.model.Timestamps;
import io.vigil.model.WallClock;
import io.vigil.pipeline.OutputTags;

import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Both input formats: values as Prometheus writes them, and every malformed case as a dead letter. */
class DecodersTest {
    static final AdapterJsonDecoder JSON = new AdapterJsonDecoder();
    /** The parser's wall clock, far from any sample's time, so a dead letter's time is plainly the clock's. */
    static final long NOW = Timestamps.parse("2030-01-01T12:00:00Z");

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String adapter(String value) {
        return "{\"timestamp\":\"2026-11-24T18:56:06Z\",\"value\":\"" + value + "\",\"name\":\"up\","
                + "\"labels\":{\"__name__\":\"up\",\"job\":\"api\",\"instance\":\"10.0.0.1:9100\"}}";
    }

    @Test
    void adapterJson_stringValuesIncludingSpecials() throws Exception {
        MetricSample s = JSON.decode(bytes(adapter("0.25")));
        assertThat(s.value()).isEqualTo(0.25);
        assertThat(s.timestampMs()).isEqualTo(java.time.Instant.parse("2026-11-24T18:56:06Z").toEpochMilli());
        assertThat(s.series()).isEqualTo("up{instance=\"10.0.0.1:9100\",job=\"api\"}");
        assertThat(JSON.decode(bytes(adapter("NaN"))).stale()).as("NaN is Prometheus' staleness marker").isTrue();
    }

    @Test
    void adapterJson_malformed_clearReasons() {
        assertThatThrownBy(() -> JSON.decode(bytes("not json"))).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> JSON.decode(bytes("{\"value\":\"1\",\"name\":\"up\",\"labels\":{}}")))
                .isInstanceOf(DecodeException.class).hasMessageContaining("timestamp");
        assertThatThrownBy(() -> JSON.decode(bytes(adapter("abc")))).isInstanceOf(DecodeException.class)
                .hasMessageContaining("abc");
        assertThatThrownBy(() -> JSON.decode(bytes(adapter("1").replace("2026-11-24T18:56:06Z", "yesterday"))))
                .isInstanceOf(DecodeException.class).hasMessageContaining("yesterday");
    }

    @Test
    void csv_timestampsInEveryFormAndLabelColumns() throws Exception {
        var csv = new CsvSampleDecoder(List.of("timestamp", "metric", "value", "service"));
        MetricSample rfc = csv.decode(bytes("2026-11-24T18:56:06Z,latency,0.5,pay"));
        MetricSample secs = csv.decode(bytes("1795546566,latency,0.5,pay"));
        MetricSample millis = csv.decode(bytes("1795546566000,latency,0.5,pay"));
        assertThat(secs.timestampMs()).isEqualTo(rfc.timestampMs()).isEqualTo(millis.timestampMs());
        assertThat(rfc.labels()).containsEntry("service", "pay");
        assertThatThrownBy(() -> csv.decode(bytes("2026-11-24T18:56:06Z,latency"))).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> csv.decode(bytes("2026-11-24T18:56:06Z,latency,fast,pay")))
                .isInstanceOf(DecodeException.class).hasMessageContaining("fast");
    }

    /** What a parser yields for each record, in order. */
    static List<Ingested> parse(SampleParser parser, RawRecord... records) {
        List<Ingested> out = new ArrayList<>();
        Collector<Ingested> c = new ListCollector<>(out);
        for (RawRecord r : records) {
            parser.parse(r.source(), r.partition(), r.offset(), r.format(), r.payload(), c);
        }
        return out;
    }

    static SampleParser parser() {
        return new SampleParser(ConfigLoader.defaults().ingest(), WallClock.fixed(NOW), new UnregisteredMetricsGroup());
    }

    @Test
    void parser_malformedToDeadLetters_validStillProcessed_withTheirCoordinates() {
        List<Ingested> out = parse(parser(),
                new RawRecord("metrics", 0, 1, InputFormat.ADAPTER_JSON, bytes(adapter("1"))),
                new RawRecord("metrics", 0, 2, InputFormat.ADAPTER_JSON, bytes("{broken")),
                new RawRecord("metrics", 1, 7, InputFormat.ADAPTER_JSON, bytes(adapter("2"))));
        assertThat(out).filteredOn(r -> r.sample() != null).extracting(Ingested::sample)
                .extracting(MetricSample::value, MetricSample::partition, MetricSample::offset)
                .containsExactly(tuple(1.0, 0, 1L), tuple(2.0, 1, 7L));
        assertThat(out).filteredOn(r -> r.deadLetter() != null).singleElement().extracting(Ingested::deadLetter)
                .satisfies(d -> {
                    assertThat(d.stage()).isEqualTo(SampleParser.STAGE);
                    assertThat(d.reason()).isNotBlank();
                    assertThat(d.topic()).isEqualTo("metrics");
                    assertThat(d.offset()).isEqualTo(2);
                    assertThat(d.payload()).isEqualTo("{broken");
                    assertThat(d.atMs()).isEqualTo(NOW);
                });
    }

    @Test
    void parser_undecodableRemoteWrite_deadLetterAtClockTime() {
        List<Ingested> out = parse(parser(), new RawRecord("metrics", 0, 3, InputFormat.REMOTE_WRITE, bytes("not snappy")));
        assertThat(out).singleElement().extracting(Ingested::deadLetter).satisfies(d -> {
            assertThat(d.offset()).isEqualTo(3);
            assertThat(d.atMs()).isEqualTo(NOW);
        });
    }

    @Test
    void route_samplesOn_deadLettersToTheSideOutput() throws Exception {
        var h = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new RouteIngested(OutputTags.DEAD_LETTERS)));
        h.open();
        for (Ingested r : parse(parser(),
                new RawRecord("metrics", 0, 1, InputFormat.ADAPTER_JSON, bytes(adapter("1"))),
                new RawRecord("metrics", 0, 2, InputFormat.ADAPTER_JSON, bytes("{broken")))) {
            h.processElement(r, 0);
        }
        assertThat(h.extractOutputValues()).extracting(MetricSample::value).containsExactly(1.0);
        List<DeadLetter> dead = h.getSideOutput(OutputTags.DEAD_LETTERS).stream().map(StreamRecord::getValue).toList();
        assertThat(dead).extracting(DeadLetter::offset).containsExactly(2L);
        h.close();
    }

    @Test
    void lateSample_deadLetterKeepsItsRecordsCoordinates_andReplaysAsItIs() throws Exception {
        MetricSample s = JSON.decode(bytes(adapter("0.25")), 3, 42);
        DeadLetter d = DeadLetters.late(s, "metrics", NOW);
        assertThat(d.stage()).isEqualTo("features-late");
        assertThat(d.topic()).isEqualTo("metrics");
        assertThat(d.partition()).isEqualTo(3);
        assertThat(d.offset()).isEqualTo(42);
        assertThat(d.payloadBase64()).isFalse();
        MetricSample again = JSON.decode(bytes(d.payload()), 3, 42);
        assertThat(again).isEqualTo(s);
    }

    @Test
    void parseChanges_badEvent_deadLetterAtClockTime() throws Exception {
        var fn = new ParseChanges(OutputTags.DEAD_LETTERS, WallClock.fixed(NOW));
        var h = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(fn));
        h.open();
        h.processElement(new RawRecord("changes", 0, 1, InputFormat.ADAPTER_JSON,
                bytes("{\"timestamp\":\"2026-11-24T18:50:00Z\",\"service\":\"cart\"}")), 0);
        h.processElement(new RawRecord("changes", 0, 2, InputFormat.ADAPTER_JSON, bytes("{oops")), 0);
        assertThat(h.extractOutputValues()).extracting(ChangeEvent::service).containsExactly("cart");
        List<DeadLetter> dead = h.getSideOutput(OutputTags.DEAD_LETTERS).stream().map(StreamRecord::getValue).toList();
        assertThat(dead).singleElement().satisfies(d -> {
            assertThat(d.stage()).isEqualTo(ParseChanges.STAGE);
            assertThat(d.offset()).isEqualTo(2);
            assertThat(d.atMs()).isEqualTo(NOW);
        });
        h.close();
    }
}
