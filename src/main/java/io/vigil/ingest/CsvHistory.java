package io.vigil.ingest;

import io.vigil.model.MetricSample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Reads a history CSV in the seed's format ({@code timestamp,metric,value[,label...]}) row by row,
 * for the offline commands (forecast, train). Rows that do not decode are counted and the first few
 * reported on {@code progress} with their line numbers; they are never silently lost. Progress is
 * printed every million lines.
 */
public final class CsvHistory {
    static final int REPORTED_ERRORS = 5;

    private CsvHistory() {}

    /**
     * Hands every decoded row to {@code sample}; {@code wanted} may skip a line before it is decoded
     * (most rows of a multi-series file, when one series is wanted). Returns the rows that did not decode.
     */
    public static long read(Path file, PrintWriter progress, Predicate<String> wanted, Consumer<MetricSample> sample)
            throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file: " + file);
        }
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null) {
                throw new IllegalArgumentException(file + " is empty: expected a header timestamp,metric,value[,label...]");
            }
            CsvSampleDecoder decoder;
            try {
                decoder = new CsvSampleDecoder(CsvSampleDecoder.split(
                        header.startsWith("\uFEFF") ? header.substring(1) : header));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage());
            }
            long skipped = 0;
            long line = 1;
            String text;
            while ((text = r.readLine()) != null) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                if (line % 1_000_000 == 0) {
                    progress.printf("  read %,d lines of %s%n", line, file);
                    progress.flush();
                }
                if (!wanted.test(text)) {
                    continue;
                }
                MetricSample s;
                try {
                    s = decoder.decode(text.getBytes(StandardCharsets.UTF_8));
                } catch (DecodeException e) {
                    if (++skipped <= REPORTED_ERRORS) {
                        progress.printf("  %s:%d skipped: %s%n", file, line, e.getMessage());
                    }
                    continue;
                }
                sample.accept(s);
            }
            if (skipped > REPORTED_ERRORS) {
                progress.printf("  %s: %,d rows skipped in all%n", file, skipped);
            }
            return skipped;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such file: " + file);
        }
    }
}
