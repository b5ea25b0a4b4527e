package io.vigil.model;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimestampsTest {

    /** The reference: what {@code parse} answered for RFC 3339 text before its hand-written fast path. */
    private static long reference(String t) {
        return Instant.parse(t).toEpochMilli();
    }

    @Test
    void parse_randomUtcInstants_matchesInstantParse() {
        var random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            // Years 1970-9999 (the range taken), every fraction length 0-9.
            long second = Math.floorMod(random.nextLong(), 253_402_300_800L);
            String whole = Instant.ofEpochSecond(second).toString().substring(0, 19);
            int digits = random.nextInt(10);
            var text = new StringBuilder(whole);
            if (digits > 0) {
                text.append('.');
                for (int d = 0; d < digits; d++) {
                    text.append((char) ('0' + random.nextInt(10)));
                }
            }
            String t = text.append('Z').toString();
            assertThat(Timestamps.parse(t)).as(t).isEqualTo(reference(t));
        }
    }

    @Test
    void parse_edgesOfTheFastShape_matchInstantParse() {
        for (String t : List.of("1970-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "2024-02-29T12:00:00Z", "2026-01-05T00:00:00.5Z",
                "2026-01-05T00:00:00.123456789Z", "2026-01-05t00:00:00z", "2026-01-05T00:00:00+02:00",
                "2026-01-05T00:00:00.25-01:30", "2016-12-31T23:59:60Z",
                // Instant.parse reads 24:00:00 as the next midnight and a bare '.' as no fraction;
                // the fast path leaves both to it.
                "2026-01-05T24:00:00Z", "2026-01-05T00:00:00.Z")) {
            assertThat(Timestamps.parse(t)).as(t).isEqualTo(reference(t));
        }
    }

    @Test
    void parse_invalidDatesInTheFastShape_rejectedAsBefore() {
        for (String t : List.of("2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
                "2026-00-10T00:00:00Z", "2026-01-05T24:00:01Z", "2026-01-05T00:60:00Z", "2026-01-05T00:00:61Z",
                "2026-01-05T00:00:00.1234567890Z", "2026-01-0xT00:00:00Z",
                "2026-01-05T00:00:00")) {
            assertThatThrownBy(() -> reference(t)).as(t).isInstanceOf(DateTimeParseException.class);
            assertThatThrownBy(() -> Timestamps.parse(t)).as(t).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not RFC 3339");
        }
    }

    @Test
    void parse_epochNumbers_unchanged() {
        assertThat(Timestamps.parse("1767571200")).isEqualTo(1_767_571_200_000L);
        assertThat(Timestamps.parse("1767571200123")).isEqualTo(1_767_571_200_123L);
        assertThat(Timestamps.parse(" 1767571200.5 ")).isEqualTo(1_767_571_200_500L);
    }

    @Test
    void parse_outsideTheRange_refusedWithTheTextInTheReason() {
        // 1e20 read as milliseconds is year 292278994: one such row once made a replay fill steps for minutes.
        for (String t : List.of("99999999999999999999", "1969-12-31T23:59:59.999Z", "0000-01-01T00:00:00Z",
                "+10000-01-01T00:00:00Z", "-1", "1e300", "+999999999-12-31T23:59:59Z")) {
            assertThatThrownBy(() -> Timestamps.parse(t)).as(t).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(t);
        }
        assertThat(Timestamps.parse("0")).isZero();
        assertThat(Timestamps.parse("9999-12-31T23:59:59.999Z")).isEqualTo(Timestamps.MAX_MS);
        assertThat(Timestamps.outOfRange(Timestamps.MAX_MS + 1)).contains("outside");
        assertThat(Timestamps.outOfRange(-1)).contains("outside");
        assertThat(Timestamps.formatAny(Long.MAX_VALUE)).isEqualTo(Long.toString(Long.MAX_VALUE));
    }
}
