package io.vigil.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Remote-write 1.0 bodies pass by Content-Type; 2.0 and anything else is refused with 415 and the fix. */
class WriteContentTypeTest {
    @Test
    void remoteWrite1_withOrWithoutProto_orNoContentType_passes() {
        for (String ok : new String[] {null, "", "application/x-protobuf", "Application/X-Protobuf",
                "application/x-protobuf;proto=prometheus.WriteRequest",
                "application/x-protobuf; proto=\"prometheus.WriteRequest\"",
                "application/x-protobuf; charset=binary"}) {
            assertThatCode(() -> WriteContentType.check(ok)).as("%s", ok).doesNotThrowAnyException();
        }
    }

    @Test
    void remoteWrite2_refused415_namingTheFix() {
        assertThatThrownBy(() -> WriteContentType.check("application/x-protobuf;proto=io.prometheus.write.v2.Request"))
                .isInstanceOfSatisfying(RejectedRequest.class, r -> {
                    assertThat(r.status).isEqualTo(415);
                    assertThat(r.reason).isEqualTo("unsupported_content_type");
                })
                .hasMessageContaining("(remote-write 2.0)")
                .hasMessageContaining("protobuf_message: prometheus.WriteRequest");
    }

    @Test
    void otherProtoOrMediaType_refused415() {
        for (String bad : new String[] {"application/x-protobuf;proto=prometheus.ReadRequest", "application/json",
                "text/plain", "application/x-protobuf;PROTO=io.prometheus.write.v2.Request"}) {
            assertThatThrownBy(() -> WriteContentType.check(bad)).as("%s", bad)
                    .isInstanceOfSatisfying(RejectedRequest.class,
                            r -> assertThat(r.status).isEqualTo(415));
        }
    }
}
