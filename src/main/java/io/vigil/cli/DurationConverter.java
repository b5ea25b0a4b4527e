package io.vigil.cli;

import org.apache.flink.util.TimeUtils;

import picocli.CommandLine.ITypeConverter;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/** Durations on the command line as in vigil.yaml: {@code 24h}, {@code 5 min}, {@code 30s}, or ISO {@code PT24H}. */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String v = value.trim();
        try {
            return v.startsWith("P") || v.startsWith("p") ? Duration.parse(v) : TimeUtils.parseDuration(v);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalArgumentException("'" + value + "' is not a duration (e.g. 24h, 5min, 30s, PT24H)");
        }
    }
}
