package io.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.model.ChangeEvent;
import io.vigil.model.Timestamps;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

class ChangeEventDecoderTest {
    static ChangeEvent decode(String json) throws DecodeException {
        return new ChangeEventDecoder().decode(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void architectureShape_decodes() throws Exception {
        ChangeEvent c = decode("{\"timestamp\":\"2026-11-24T18:50:00Z\",\"service\":\"cart\",\"kind\":\"deploy\","
                + "\"description\":\"v1.4.2\",\"labels\":{\"namespace\":\"shop\"},\"extra\":1}");
        assertThat(c.timestampMs()).isEqualTo(Timestamps.parse("2026-11-24T18:50:00Z"));
        assertThat(c.service()).isEqualTo("cart");
        assertThat(c.kind()).isEqualTo("deploy");
        assertThat(c.description()).isEqualTo("v1.4.2");
        assertThat(c.labels()).containsEntry("namespace", "shop");
        assertThat(decode("{\"timestamp\":1764010200,\"service\":\"cart\"}").kind()).isEqualTo("change");
    }

    @Test
    void badEvents_sayWhy() {
        assertThatThrownBy(() -> decode("{\"timestamp\":\"2026-11-24T18:50:00Z\"}")).isInstanceOf(DecodeException.class)
                .hasMessageContaining("'service'");
        assertThatThrownBy(() -> decode("{\"timestamp\":\"yesterday\",\"service\":\"cart\"}"))
                .hasMessageContaining("yesterday");
        assertThatThrownBy(() -> decode("[1,2]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> decode("{oops")).hasMessageContaining("not valid JSON");
    }
}
