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
        String text = utf8OrNull(raw.payload());
        return new DeadLetter(stage, reason, raw.source(), raw.partition(), raw.offset(),
                text != null ? text : Base64.getEncoder().encodeToString(raw.payload()), text == null, nowMs);
    }

    /** A sample that came too late for its grid step (the resample stage's dead letter). */
    public static DeadLetter late(MetricSample s, long nowMs) {
        return ofText("features-late", "sample older than the watermark (late by more than "
                + "ingest.max-out-of-orderness) or for a step already closed", s.series() + " @ " + s.timestampMs()
                + " = " + s.value(), nowMs);
    }

    public static DeadLetter ofText(String stage, String reason, String what, long nowMs) {
        return new DeadLetter(stage, reason, "", -1, -1, what, false, nowMs);
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
