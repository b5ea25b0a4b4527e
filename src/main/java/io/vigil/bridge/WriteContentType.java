package io.vigil.bridge;

import java.util.Locale;

/**
 * Which request bodies the bridge reads, by {@code Content-Type}: remote-write 1.0 only, i.e.
 * {@code application/x-protobuf} with no {@code proto} parameter or with
 * {@code proto=prometheus.WriteRequest}. Remote-write 2.0 ({@code proto=io.prometheus.write.v2.Request})
 * is a different message whose bytes would be misread as 1.0 series, so it is refused with 415 as
 * the 2.0 spec asks of receivers that do not speak it, before the body is read. A request without
 * a Content-Type is read as 1.0 (Prometheus always sends one; simple clients may not).
 */
final class WriteContentType {
    static final String PROTOBUF = "application/x-protobuf";
    static final String V1_MESSAGE = "prometheus.WriteRequest";

    private WriteContentType() {}

    /** Passes for a remote-write 1.0 Content-Type (or none), else says why and how to fix the sender. */
    static void check(String contentType) throws RejectedRequest {
        if (contentType == null || contentType.isBlank()) {
            return;
        }
        String[] parts = contentType.split(";");
        String media = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!media.equals(PROTOBUF)) {
            throw unsupported("Content-Type " + contentType.trim() + " is not supported");
        }
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq < 0 || !parts[i].substring(0, eq).trim().equalsIgnoreCase("proto")) {
                continue;
            }
            String proto = unquote(parts[i].substring(eq + 1).trim());
            if (!proto.equals(V1_MESSAGE)) {
                throw unsupported("Content-Type " + contentType.trim() + " asks for " + proto
                        + (proto.startsWith("io.prometheus.write.v2") ? " (remote-write 2.0)" : "")
                        + ", which this bridge does not read");
            }
        }
    }

    private static RejectedRequest unsupported(String what) {
        return new RejectedRequest(415, "unsupported_content_type", what + ". It accepts Prometheus remote-write 1.0 "
                + "only: " + PROTOBUF + ";proto=" + V1_MESSAGE + " (snappy). In Prometheus set "
                + "protobuf_message: " + V1_MESSAGE + " in the remote_write entry (the default).");
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }
}
