package io.vigil.ingest;

import io.vigil.ingest.proto.Label;
import io.vigil.ingest.proto.Sample;
import io.vigil.ingest.proto.TimeSeries;
import io.vigil.ingest.proto.WriteRequest;
import io.vigil.model.MetricSample;
import io.vigil.testing.RemoteWriteBodies;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.CodedOutputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RemoteWriteDecoderTest {
    static final long T = 1_795_000_000_000L;
    final RemoteWriteDecoder decoder = new RemoteWriteDecoder(1 << 20);

    @Test
    void everySampleOfEverySeries_withLabelsAndTimestamps() throws Exception {
        byte[] body = RemoteWriteBodies.body(List.of(
                RemoteWriteBodies.series("up", Map.of("job", "api", "instance", "a:1"), T, 1, 1, 0),
                RemoteWriteBodies.series("http_requests_total", Map.of("job", "api"), T, 10.5)));
        List<MetricSample> out = new ArrayList<>();
        RemoteWriteDecoder.Outcome o = decoder.decode(body, out::add);
        assertThat(o.samples()).isEqualTo(4);
        assertThat(o.rejected()).isZero();
        assertThat(out.get(0).series()).isEqualTo("up{instance=\"a:1\",job=\"api\"}");
        assertThat(out.get(0).labels()).containsExactlyInAnyOrderEntriesOf(Map.of("job", "api", "instance", "a:1"));
        assertThat(out).extracting(MetricSample::timestampMs).containsExactly(T, T + 15_000, T + 30_000, T);
        assertThat(out).extracting(MetricSample::value).containsExactly(1.0, 1.0, 0.0, 10.5);
    }

    @Test
    void staleMarkerEndsTheSeries_otherNaNIsSkippedNotAValue() throws Exception {
        double staleNaN = Double.longBitsToDouble(RemoteWriteFormat.STALE_NAN_BITS);
        byte[] body = RemoteWriteBodies.body(List.of(
                RemoteWriteBodies.series("ratio", Map.of(), T, 0.5, Double.NaN, staleNaN)));
        List<MetricSample> out = new ArrayList<>();
        RemoteWriteDecoder.Outcome o = decoder.decode(body, out::add);
        assertThat(o.nanSkipped()).isEqualTo(1);
        assertThat(o.staleMarkers()).isEqualTo(1);
        assertThat(out).extracting(MetricSample::stale).containsExactly(false, true);
        assertThat(out.get(1).timestampMs()).isEqualTo(T + 30_000);
    }

    @Test
    void badSamplesRejectedAlone_asReplayableAdapterJson() throws Exception {
        TimeSeries noName = TimeSeries.newBuilder()
                .addLabels(io.vigil.ingest.proto.Label.newBuilder().setName("job").setValue("x"))
                .addSamples(io.vigil.ingest.proto.Sample.newBuilder().setValue(1).setTimestamp(T)).build();
        byte[] body = RemoteWriteBodies.body(List.of(
                RemoteWriteBodies.series("q", Map.of("job", "api"), T, 1, Double.POSITIVE_INFINITY, 3), noName));
        List<MetricSample> out = new ArrayList<>();
        RemoteWriteDecoder.Outcome o = decoder.decode(body, out::add);
        assertThat(out).extracting(MetricSample::value).containsExactly(1.0, 3.0);
        assertThat(o.rejected()).isEqualTo(2);
        assertThat(o.firstReason()).isEqualTo("non-finite value '+Inf' cannot be scored");
        String[] lines = o.rejectedLines().split("\n");
        assertThat(lines).hasSize(2);
        var first = new ObjectMapper().readTree(lines[0]);
        assertThat(first.path("value").asText()).isEqualTo("+Inf");
        assertThat(first.path("name").asText()).isEqualTo("q");
        assertThat(first.path("labels").path("job").asText()).isEqualTo("api");
        // The adapter decoder reads the line back and rejects it for the same reason.
        assertThatThrownBy(() -> new AdapterJsonDecoder().decode(lines[0].getBytes()))
                .hasMessageContaining("non-finite value '+Inf'");
    }

    @Test
    void notSnappy_notProtobuf_tooLarge_eachSaySo() {
        assertThatThrownBy(() -> decoder.decode(new byte[] {1, 2, 3, 4, 5}, s -> {}))
                .isInstanceOf(DecodeException.class).hasMessageStartingWith("not snappy");
        assertThatThrownBy(() -> decoder.decode(RemoteWriteBodies.compress(new byte[] {(byte) 0xff, 0x01, 0x02}), s -> {}))
                .isInstanceOf(DecodeException.class).hasMessageStartingWith("not a remote-write WriteRequest");
        assertThatThrownBy(() -> new RemoteWriteDecoder(100).decode(RemoteWriteBodies.compress(new byte[1000]), s -> {}))
                .isInstanceOf(DecodeException.class).hasMessageContaining("above the limit of 100");
        assertThatThrownBy(() -> decoder.decode(new byte[0], s -> {})).hasMessage("empty record");
    }

    /**
     * Read in place, a record gives exactly the samples protobuf's own classes read from it, however
     * its fields are laid out: samples before labels, fields this version does not know (of every
     * wire type, groups too), exemplars, metadata, a label twice, a sample without a timestamp.
     */
    @Test
    void readInPlace_givesWhatProtobufReads_whateverTheLayout() throws Exception {
        Random r = new Random(3);
        int compared = 0;
        for (int i = 0; i < 300; i++) {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            CodedOutputStream request = CodedOutputStream.newInstance(raw);
            for (int k = 0; k < 1 + r.nextInt(4); k++) {
                if (r.nextInt(4) == 0) {
                    request.writeByteArray(3, message(m -> { // metadata
                        m.writeEnum(1, 2);
                        m.writeString(2, "family");
                    }));
                }
                request.writeByteArray(1, timeSeries(r));
            }
            request.flush();
            byte[] body = RemoteWriteBodies.compress(raw.toByteArray());
            List<MetricSample> got = new ArrayList<>();
            RemoteWriteDecoder.Outcome o = decoder.decode(body, got::add);
            List<String> expected = new ArrayList<>();
            int rejected = 0;
            for (TimeSeries ts : RemoteWriteDecoder.parse(body, 1 << 20).getTimeseriesList()) {
                Map<String, String> labels = new TreeMap<>();
                String metric = null;
                for (Label l : ts.getLabelsList()) {
                    if (l.getName().equals("__name__")) {
                        metric = l.getValue();
                    } else {
                        labels.put(l.getName(), l.getValue());
                    }
                }
                for (Sample x : ts.getSamplesList()) {
                    if (metric == null || metric.isEmpty() || Double.isInfinite(x.getValue())) {
                        rejected++;
                    } else {
                        expected.add(metric + labels + "@" + x.getTimestamp() + "=" + x.getValue());
                    }
                }
            }
            assertThat(got).extracting(m -> m.metric() + m.labels() + "@" + m.timestampMs() + "=" + m.value())
                    .as("record %d", i).containsExactlyElementsOf(expected);
            assertThat(o.rejected()).isEqualTo(rejected);
            compared += got.size();
        }
        assertThat(compared).isGreaterThan(500);
    }

    @Test
    void aLabelThatIsNotUtf8_rejectsTheRecord_asProtobufDoes() throws Exception {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        CodedOutputStream request = CodedOutputStream.newInstance(raw);
        request.writeByteArray(1, message(ts -> {
            ts.writeByteArray(1, message(l -> {
                l.writeString(1, "__name__");
                l.writeByteArray(2, new byte[] {'u', (byte) 0xc3, 'p'});
            }));
            ts.writeByteArray(2, message(x -> x.writeDouble(1, 1)));
        }));
        request.flush();
        byte[] body = RemoteWriteBodies.compress(raw.toByteArray());
        assertThatThrownBy(() -> RemoteWriteDecoder.parse(body, 1 << 20)).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> decoder.decode(body, s -> {})).isInstanceOf(DecodeException.class)
                .hasMessage("not a remote-write WriteRequest: a label at byte 16 is not UTF-8");
    }

    private static byte[] timeSeries(Random r) throws IOException {
        boolean named = r.nextInt(10) > 0;
        double[] values = {1.5, -2, 0, Double.POSITIVE_INFINITY, 1e300, 42};
        return message(ts -> {
            List<Body> fields = new ArrayList<>();
            if (named) {
                fields.add(out -> out.writeByteArray(1, label("__name__", "m" + r.nextInt(3), r)));
            }
            for (int j = 0; j < r.nextInt(4); j++) {
                fields.add(out -> out.writeByteArray(1, label("k" + r.nextInt(3), "v\u00e9" + r.nextInt(9), r)));
            }
            for (int j = 0; j < 1 + r.nextInt(3); j++) {
                double v = values[r.nextInt(values.length)];
                long t = T + r.nextInt(1000) * 15_000L;
                boolean stamped = r.nextInt(8) > 0;
                fields.add(out -> out.writeByteArray(2, message(x -> {
                    unknown(x, r);
                    x.writeDouble(1, v);
                    if (stamped) {
                        x.writeInt64(2, t);
                    }
                })));
            }
            if (r.nextBoolean()) {
                fields.add(out -> out.writeByteArray(3, message(x -> { // an exemplar
                    x.writeByteArray(1, label("trace_id", "abc", r));
                    x.writeDouble(2, 0.3);
                })));
            }
            fields.add(out -> unknown(out, r));
            Collections.shuffle(fields, r);
            for (Body field : fields) {
                field.write(ts);
            }
        });
    }

    private static byte[] label(String name, String value, Random r) throws IOException {
        return message(l -> {
            unknown(l, r);
            l.writeString(1, name);
            l.writeString(2, value);
        });
    }

    /** Now and then a field no version of remote-write has, of a random wire type. */
    private static void unknown(CodedOutputStream out, Random r) throws IOException {
        switch (r.nextInt(8)) {
            case 0 -> out.writeUInt64(15, r.nextLong());
            case 1 -> out.writeFixed32(16, r.nextInt());
            case 2 -> out.writeFixed64(17, r.nextLong());
            case 3 -> out.writeString(18, "unknown");
            case 4 -> {
                out.writeTag(19, 3); // a group, with a field inside
                out.writeUInt64(1, 7);
                out.writeTag(19, 4);
            }
            default -> { }
        }
    }

    interface Body {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Body body) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(b);
        body.write(out);
        out.flush();
        return b.toByteArray();
    }
}
