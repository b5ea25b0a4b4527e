package io.vigil.ingest;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The {@code remote-write} record format shared by the bridge (writer) and the job (reader): the
 * Kafka record value is a snappy block-compressed remote-write 1.0 {@code WriteRequest}, marked by
 * the same two headers Prometheus puts on its HTTP request, so a topic may mix it with adapter JSON.
 */
public final class RemoteWriteFormat {
    private RemoteWriteFormat() {}

    public static final String CONTENT_TYPE_HEADER = "Content-Type";
    public static final String CONTENT_ENCODING_HEADER = "Content-Encoding";
    public static final String CONTENT_TYPE = "application/x-protobuf";
    public static final String CONTENT_ENCODING = "snappy";

    /** Prometheus' staleness marker: a NaN with this exact bit pattern (value/value.go StaleNaN). */
    public static final long STALE_NAN_BITS = 0x7ff0000000000002L;

    public static boolean isStaleMarker(double v) {
        return Double.doubleToRawLongBits(v) == STALE_NAN_BITS;
    }

    /** The headers that mark a record as a remote-write request (what the bridge and the bench write). */
    public static List<Header> headers() {
        return HEADERS;
    }

    private static final List<Header> HEADERS = List.of(
            new RecordHeader(CONTENT_TYPE_HEADER, CONTENT_TYPE.getBytes(StandardCharsets.UTF_8)),
            new RecordHeader(CONTENT_ENCODING_HEADER, CONTENT_ENCODING.getBytes(StandardCharsets.UTF_8)));

    /** True when the record says it holds a snappy-compressed protobuf WriteRequest. */
    public static boolean isRemoteWrite(Headers headers) {
        var type = headers.lastHeader(CONTENT_TYPE_HEADER);
        var encoding = headers.lastHeader(CONTENT_ENCODING_HEADER);
        return type != null && encoding != null
                && CONTENT_TYPE.equals(new String(type.value(), StandardCharsets.UTF_8))
                && CONTENT_ENCODING.equals(new String(encoding.value(), StandardCharsets.UTF_8));
    }
}
