package io.vigil.ingest;

import io.vigil.ingest.proto.TimeSeries;
import io.vigil.model.MetricSample;
import io.vigil.testing.RemoteWriteBodies;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
}
