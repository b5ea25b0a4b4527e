package io.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.IngestConfig;
import io.vigil.demo.MetricsProducer;
import io.vigil.ingest.proto.WriteRequest;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Every input format fed 100,000 mutations of real records (fixed seed): the decoders never throw,
 * each record yields its samples or a dead letter with a reason and the record's coordinates,
 * nothing is lost between the two, and the good records among them are all decoded.
 */
class IngestFuzzTest {
    static final int N = 100_000;
    static final long NOW = Timestamps.parse("2026-12-01T00:00:00Z");
    static final long T = Timestamps.parse("2026-11-24T18:56:06Z");
    /** Text a mutation splices in: what breaks parsers, and values at the edges of what is taken. */
    static final String[] HOSTILE = {"\"", "\\", "{", "}", "[", "]", ",", ":", "\u0000", "\uFFFF", "\uD800", "é",
            "NaN", "+Inf", "-Inf", "1e400", "-0", "99999999999999999999", "0x1p3", "null", "true", "\"\"", "{}",
            "[]", "\n", "\r", "\t", " ", "-1", "1969-12-31T23:59:59Z", "9999-12-31T23:59:59.999Z",
            "+10000-01-01T00:00:00Z", "2026-02-30T00:00:00Z", "\"__name__\":\"\"", "\"labels\":[1]",
            "\"labels\":{\"a\":{\"b\":1}}", "\"value\":{}", "\"timestamp\":1.5e300"};

    final Random random = new Random(20261207);

    static SampleParser parser(IngestConfig cfg) {
        return new SampleParser(cfg, WallClock.fixed(NOW), new UnregisteredMetricsGroup());
    }

    byte[] mutate(byte[] good) {
        String text = new String(good, StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder(text);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = b.length() == 0 ? 0 : random.nextInt(b.length() + 1);
            switch (random.nextInt(6)) {
                case 0 -> b.insert(at, HOSTILE[random.nextInt(HOSTILE.length)]);
                case 1 -> b.delete(at, Math.min(b.length(), at + 1 + random.nextInt(8)));
                case 2 -> b.setLength(at); // truncated
                case 3 -> {
                    if (at < b.length()) {
                        b.setCharAt(at, (char) random.nextInt(128));
                    }
                }
                case 4 -> b.replace(at, Math.min(b.length(), at + 1 + random.nextInt(12)),
                        HOSTILE[random.nextInt(HOSTILE.length)]);
                default -> b.insert(at, b.substring(at, Math.min(b.length(), at + random.nextInt(16))));
            }
        }
        byte[] out = b.toString().getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(20) == 0 && out.length > 0) {
            out[random.nextInt(out.length)] = (byte) random.nextInt(256); // not UTF-8 any more, perhaps
        }
        return out;
    }

    String adapter(int i) {
        return MetricsProducer.adapterJson(T + i * 1_000L, i % 97 + 0.5, "m" + i % 13,
                Map.of("__name__", "m" + i % 13, "job", "j" + i % 5, "instance", "h" + i % 31));
    }

    /** Feeds every record; checks each one's outcome; returns the good records' decoded values. */
    List<Double> feedOneSampleFormat(IngestConfig cfg, InputFormat format, List<byte[]> records, boolean[] good) {
        SampleParser parser = parser(cfg);
        List<Double> goodValues = new ArrayList<>();
        long samples = 0;
        long dead = 0;
        for (int i = 0; i < records.size(); i++) {
            List<Ingested> out = new ArrayList<>();
            long offset = i + 2; // line 1 is where a CSV header may be
            parser.parse("fuzz", 1, offset, format, records.get(i), new ListCollector<>(out));
            assertThat(out).as("record %d yields exactly one outcome: %s", i, text(records.get(i))).hasSize(1);
            Ingested r = out.get(0);
            if (r.sample() != null) {
                samples++;
                checkSample(r.sample(), offset);
                if (good[i]) {
                    goodValues.add(r.sample().value());
                }
            } else {
                dead++;
                assertThat(good[i]).as("a good record rejected: %s (%s)", text(records.get(i)), r.deadLetter().reason())
                        .isFalse();
                assertThat(r.deadLetter().reason()).isNotBlank();
                assertThat(r.deadLetter().offset()).isEqualTo(offset);
                assertThat(r.deadLetter().partition()).isEqualTo(1);
                assertThat(r.deadLetter().payload()).isNotNull();
            }
        }
        assertThat(samples + dead).isEqualTo(records.size());
        assertThat(dead).as("the mutations reject most records").isGreaterThan(records.size() / 4);
        return goodValues;
    }

    static void checkSample(MetricSample s, long offset) {
        assertThat(s.stale() || Double.isFinite(s.value())).isTrue();
        assertThat(Timestamps.outOfRange(s.timestampMs())).isNull();
        assertThat(s.timestampMs()).isLessThanOrEqualTo(NOW + ConfigLoader.defaults().ingest().maxAhead().toMillis());
        assertThat(s.metric()).isNotEmpty();
        assertThat(s.offset()).isEqualTo(offset);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void adapterJson_100kMutations() {
        List<byte[]> records = new ArrayList<>(N);
        boolean[] good = new boolean[N];
        List<Double> expected = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            byte[] valid = adapter(i).getBytes(StandardCharsets.UTF_8);
            good[i] = i % 10 == 0;
            records.add(good[i] ? valid : mutate(valid));
            if (good[i]) {
                expected.add(i % 97 + 0.5);
            }
        }
        assertThat(feedOneSampleFormat(ConfigLoader.defaults().ingest(), InputFormat.ADAPTER_JSON, records, good))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void csvLines_100kMutations() {
        IngestConfig cfg = ConfigLoader.defaults().ingest().withCsvColumns(List.of("timestamp", "metric", "value",
                "job", "instance"));
        List<byte[]> records = new ArrayList<>(N);
        boolean[] good = new boolean[N];
        List<Double> expected = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            String line = (random.nextBoolean() ? Timestamps.format(T + i * 1_000L) : Long.toString((T + i * 1_000L) / 1000))
                    + ",m" + i % 13 + "," + (i % 97 + 0.5) + ",\"j" + i % 5 + "\",h" + i % 31;
            byte[] valid = line.getBytes(StandardCharsets.UTF_8);
            good[i] = i % 10 == 0;
            records.add(good[i] ? valid : mutate(valid));
            if (good[i]) {
                expected.add(i % 97 + 0.5);
            }
        }
        assertThat(feedOneSampleFormat(cfg, InputFormat.CSV, records, good)).containsExactlyElementsOf(expected);
    }

    @Test
    void remoteWriteBodies_100kMutationsOfRealRequests() throws Exception {
        SampleParser parser = parser(ConfigLoader.defaults().ingest());
        int wholeRecordRejected = 0;
        long samplesIn = 0;
        for (int n = 0; n < N; n++) {
            final int i = n;
            WriteRequest request = WriteRequest.newBuilder()
                    .addAllTimeseries(RemoteWriteBodies.fleet(1 + i % 8, T + i * 1_000L, i)).build();
            byte[] raw = request.toByteArray();
            boolean good = i % 10 == 0;
            // Mutate the protobuf (then compress, so it reaches the protobuf reader) or the snappy block itself.
            byte[] body = good ? RemoteWriteBodies.compress(raw)
                    : random.nextBoolean() ? RemoteWriteBodies.compress(flip(raw)) : flip(RemoteWriteBodies.compress(raw));
            List<Ingested> out = new ArrayList<>();
            parser.parse("fuzz", 0, i, InputFormat.REMOTE_WRITE, body, new ListCollector<>(out));
            List<Ingested> dead = out.stream().filter(r -> r.deadLetter() != null).toList();
            List<Ingested> samples = out.stream().filter(r -> r.sample() != null).toList();
            assertThat(dead).as("at most one dead letter per record").hasSizeLessThanOrEqualTo(1);
            dead.forEach(d -> {
                assertThat(d.deadLetter().reason()).isNotBlank();
                assertThat(d.deadLetter().offset()).isEqualTo(i);
            });
            samples.forEach(s -> checkSample(s.sample(), i));
            WriteRequest decoded;
            try {
                decoded = RemoteWriteDecoder.parse(body, SampleParser.MAX_DECODED_BYTES);
            } catch (DecodeException e) {
                assertThat(samples).as("an undecodable body yields no sample").isEmpty();
                assertThat(dead).hasSize(1);
                wholeRecordRejected++;
                continue;
            }
            long inRequest = decoded.getTimeseriesList().stream().mapToLong(ts -> ts.getSamplesCount()).sum();
            long nan = decoded.getTimeseriesList().stream().flatMap(ts -> ts.getSamplesList().stream())
                    .filter(s -> Double.isNaN(s.getValue()) && !RemoteWriteFormat.isStaleMarker(s.getValue())).count();
            long rejected = dead.isEmpty() ? 0 : Long.parseLong(dead.get(0).deadLetter().reason().split(" ")[0]);
            assertThat(samples.size() + rejected + nan).as("every sample of record %d accounted for", i)
                    .isEqualTo(inRequest);
            samplesIn += inRequest;
            if (good) {
                assertThat(dead).isEmpty();
                assertThat(samples).hasSize((int) inRequest);
            }
        }
        assertThat(wholeRecordRejected).isGreaterThan(N / 10);
        assertThat(samplesIn).isPositive();
    }

    byte[] flip(byte[] b) {
        byte[] out = b.clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && out.length > 0; e++) {
            out[random.nextInt(out.length)] = (byte) random.nextInt(256);
        }
        return random.nextInt(8) == 0 ? java.util.Arrays.copyOf(out, random.nextInt(out.length + 1)) : out;
    }

    @Test
    void changeEvents_100kMutations() {
        ChangeEventDecoder decoder = new ChangeEventDecoder();
        int decoded = 0;
        for (int i = 0; i < N; i++) {
            String valid = "{\"timestamp\":\"" + Timestamps.format(T + i * 1_000L) + "\",\"service\":\"s" + i % 7
                    + "\",\"kind\":\"deploy\",\"description\":\"v" + i + "\",\"labels\":{\"namespace\":\"shop\"}}";
            boolean good = i % 10 == 0;
            byte[] payload = good ? valid.getBytes(StandardCharsets.UTF_8) : mutate(valid.getBytes(StandardCharsets.UTF_8));
            try {
                var event = decoder.decode(payload);
                assertThat(event.service()).isNotBlank();
                assertThat(Timestamps.outOfRange(event.timestampMs())).isNull();
                decoded++;
            } catch (DecodeException e) {
                assertThat(good).as("a good change event rejected: %s", e.getMessage()).isFalse();
                assertThat(e.getMessage()).isNotBlank();
            }
        }
        assertThat(decoded).isGreaterThanOrEqualTo(N / 10);
    }
}
