package io.vigil.model;

/**
 * A record Vigil could not use, with the reason, so nothing is dropped silently.
 *
 * @param stage the pipeline stage that rejected it (ingest-parse, features-late, ...)
 * @param partition Kafka partition, or -1
 * @param offset Kafka offset or file line number, or -1
 * @param payload the original payload, as text when it is valid UTF-8, else base64; cut to its first
 *     {@link #MAX_PAYLOAD_CHARS} characters when longer (the reason says so), so that a dead letter
 *     always fits in a Kafka message: the record itself is still at its topic, partition and offset
 * @param payloadBase64 true when {@code payload} is base64
 * @param atMs when it was rejected (processing time, epoch ms)
 */
public record DeadLetter(
        String stage,
        String reason,
        String topic,
        int partition,
        long offset,
        String payload,
        boolean payloadBase64,
        long atMs) {
    public static final int MAX_PAYLOAD_CHARS = 256 * 1024;

    public DeadLetter {
        if (payload != null && payload.length() > MAX_PAYLOAD_CHARS) {
            String cut = " [payload cut to its first " + MAX_PAYLOAD_CHARS + " of " + payload.length() + " characters]";
            reason = reason + cut;
            int end = Character.isHighSurrogate(payload.charAt(MAX_PAYLOAD_CHARS - 1)) ? MAX_PAYLOAD_CHARS - 1
                    : MAX_PAYLOAD_CHARS; // never half a character
            payload = payload.substring(0, end);
        }
    }
}
