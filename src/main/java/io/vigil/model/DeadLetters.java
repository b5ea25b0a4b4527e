package io.vigil.model;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Builds {@link DeadLetter}s, keeping the payload readable when it is text and base64 when not. */
public final class DeadLetters {
    private DeadLetters() {}

    public static DeadLetter of(String stage, String reason, RawRecord raw, long nowMs) {
        return of(stage, reason, raw.source(), raw.partition(), raw.offset(), raw.payload(), nowMs);
    }

    public static DeadLetter of(String stage, String reason, String source, int partition, long offset,
            byte[] payload, long nowMs) {
        String text = utf8OrNull(payload);
        return new DeadLetter(stage, reason, source, partition, offset,
                text != null ? text : Base64.getEncoder().encodeToString(payload), text == null, nowMs);
    }

    /**
     * A sample that came too late for its grid step (the resample stage's dead letter): the record's
     * coordinates, and the sample as an adapter-JSON record, which replays as it is (a remote-write
     * record holds other samples that were not late).
     *
     * @param source the topic(s) or file the job reads samples from
     */
    public static DeadLetter late(MetricSample s, String source, long nowMs) {
        return ofSample("features-late", "sample older than the watermark (late by more than "
                + "ingest.max-out-of-orderness) or for a step already closed", s, source, nowMs);
    }

    /** A sample of a new series refused by the series limits: kept the way a late one is, to replay. */
    public static DeadLetter refused(MetricSample s, String reason, String source, long nowMs) {
        return ofSample("features-series-cap", reason, s, source, nowMs);
    }

    private static DeadLetter ofSample(String stage, String reason, MetricSample s, String source, long nowMs) {
        return new DeadLetter(stage, reason, source, s.partition(), s.offset(), OutputJson.adapterRecord(s), false,
                nowMs);
    }

    private static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
