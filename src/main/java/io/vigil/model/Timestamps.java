package io.vigil.model;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.ZoneOffset;

/** Parses the timestamps Vigil accepts and formats the ones it writes (RFC 3339 UTC, milliseconds). */
public final class Timestamps {
    private static final DateTimeFormatter OUT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    /** Epoch values below this are seconds, above it milliseconds (1e11 s is the year 5138). */
    private static final double SECONDS_LIMIT = 1e11;

    private Timestamps() {}

    /**
     * RFC 3339 ({@code 2026-11-24T18:56:06Z}, offsets allowed) or epoch seconds or milliseconds
     * (fractions allowed), returned as epoch milliseconds.
     *
     * @throws IllegalArgumentException naming the text when it is neither
     */
    public static long parse(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty timestamp");
        }
        char c = t.charAt(0);
        if (t.indexOf('T') > 0 || t.indexOf('-') > 0) {
            try {
                return Instant.parse(t).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("timestamp '" + t + "' is not RFC 3339");
            }
        }
        if (Character.isDigit(c) || c == '.') {
            try {
                double v = Double.parseDouble(t);
                if (Double.isFinite(v)) {
                    return v < SECONDS_LIMIT ? Math.round(v * 1000.0) : Math.round(v);
                }
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("timestamp '" + t + "' is neither RFC 3339 nor epoch seconds/milliseconds");
    }

    public static String format(long epochMs) {
        return OUT.format(Instant.ofEpochMilli(epochMs));
    }
}
