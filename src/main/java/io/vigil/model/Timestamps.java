package io.vigil.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.ZoneOffset;

/** Parses the timestamps Vigil accepts and formats the ones it writes (RFC 3339 UTC, milliseconds). */
public final class Timestamps {
    private static final DateTimeFormatter OUT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    /** Epoch values below this are seconds, above it milliseconds (1e11 s is the year 5138). */
    private static final double SECONDS_LIMIT = 1e11;

    /** The earliest timestamp Vigil takes: 1970-01-01T00:00:00Z. */
    public static final long MIN_MS = 0L;
    /** The latest: 9999-12-31T23:59:59.999Z, the last instant RFC 3339 can write. */
    public static final long MAX_MS = 253_402_300_799_999L;

    private Timestamps() {}

    /**
     * Why {@code epochMs} is not a timestamp Vigil takes, or null when it is. Outside 1970-9999 a
     * value is a unit mistake or a corrupt field, and one such sample would have the resampler fill
     * millions of steps.
     */
    public static String outOfRange(long epochMs) {
        return epochMs >= MIN_MS && epochMs <= MAX_MS ? null : "timestamp " + epochMs + " ms is " + RANGE;
    }

    private static final String RANGE = "outside 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z";

    /** {@code epochMs} as written in output: RFC 3339 when in range, else the number itself. */
    public static String formatAny(long epochMs) {
        return outOfRange(epochMs) == null ? format(epochMs) : Long.toString(epochMs);
    }

    /**
     * RFC 3339 ({@code 2026-11-24T18:56:06Z}, offsets allowed) or epoch seconds or milliseconds
     * (fractions allowed), returned as epoch milliseconds.
     *
     * @throws IllegalArgumentException naming the text when it is neither, or is out of range
     *     ({@link #outOfRange})
     */
    public static long parse(String text) {
        long ms = parseAnyInstant(text);
        if (outOfRange(ms) != null) {
            throw new IllegalArgumentException("timestamp '" + text.trim() + "' is " + RANGE);
        }
        return ms;
    }

    private static long parseAnyInstant(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty timestamp");
        }
        char c = t.charAt(0);
        if (t.indexOf('T') > 0 || t.indexOf('-') > 0) {
            long fast = parseUtc(t);
            if (fast != NOT_FAST) {
                return fast;
            }
            try {
                return Instant.parse(t).toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException e) {
                throw new IllegalArgumentException("timestamp '" + t + "' is not RFC 3339");
            }
        }
        if (Character.isDigit(c) || c == '.') {
            try {
                double v = Double.parseDouble(t);
                if (Double.isFinite(v)) {
                    return v < SECONDS_LIMIT ? Math.round(v * 1000.0) : Math.round(v); // saturates, then out of range
                }
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("timestamp '" + t + "' is neither RFC 3339 nor epoch seconds/milliseconds");
    }

    /** What {@link #parseUtc} answers for a text outside its one shape: {@link Instant#parse} decides then. */
    private static final long NOT_FAST = Long.MIN_VALUE;

    /**
     * The one shape every adapter and Vigil's own writers send, {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z},
     * read by hand: {@code Instant.parse} builds a parse context and a field map per call, which was
     * about 3 % of the whole job's CPU. Answers exactly what {@code Instant.parse(t).toEpochMilli()}
     * does (the fraction truncated to milliseconds); anything else in the text (an offset, lower-case
     * letters, a leap second, an invalid date, a year outside 0000-9999) is {@link #NOT_FAST}, left
     * to {@code Instant.parse}.
     */
    static long parseUtc(String t) {
        int n = t.length();
        if (n < 20 || n == 21 || n > 30 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T'
                || t.charAt(13) != ':' || t.charAt(16) != ':' || t.charAt(n - 1) != 'Z'
                || (n > 20 && t.charAt(19) != '.')) {
            return NOT_FAST;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 7);
        int day = digits(t, 8, 10);
        int hour = digits(t, 11, 13);
        int minute = digits(t, 14, 16);
        int second = digits(t, 17, 19);
        int millis = 0;
        for (int i = 20, scale = 100; i < n - 1; i++, scale /= 10) {
            int d = t.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return NOT_FAST;
            }
            millis += d * scale; // digits past the third have scale 0: truncated, as toEpochMilli does
        }
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || day > Month.of(month).length(Year.isLeap(year))) {
            return NOT_FAST;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return (epochDay * 86_400L + hour * 3_600L + minute * 60L + second) * 1_000L + millis;
    }

    /** The decimal number in {@code t[from, to)}, or -1 when a character there is not a digit. */
    private static int digits(String t, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            int d = t.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    public static String format(long epochMs) {
        return OUT.format(Instant.ofEpochMilli(epochMs));
    }
}
