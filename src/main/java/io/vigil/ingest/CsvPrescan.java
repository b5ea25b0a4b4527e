package io.vigil.ingest;

import io.vigil.config.IngestConfig;
import io.vigil.model.Timestamps;
import io.vigil.model.WallClock;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * One quick pass over a CSV before replay: checks the header and measures how far the rows run
 * backwards in time. Replay holds the watermark back by exactly that much, so rows "need not be
 * sorted" and still no row of the file counts as late.
 *
 * @param columns the header
 * @param rows data rows (blank lines excluded)
 * @param maxDisorderMs the largest amount by which a row's time is before an earlier row's
 * @param firstMs earliest timestamp, or Long.MAX_VALUE if none parsed
 * @param lastMs latest timestamp, or Long.MIN_VALUE if none parsed
 */
public record CsvPrescan(List<String> columns, long rows, long maxDisorderMs, long firstMs, long lastMs) {

    /**
     * @param ingest for the rule on sample times ({@link SampleTimes}): a row the job will refuse
     *     (a year 9999 typo) must not hold every other row's event time back
     */
    public static CsvPrescan of(Path file, IngestConfig ingest, LongConsumer progress) throws IOException {
        SampleTimes times = new SampleTimes(ingest.maxAhead().toMillis(), WallClock.system());
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null) {
                throw new IllegalArgumentException(file + " is empty: expected a header timestamp,metric,value[,label...]");
            }
            List<String> columns = CsvSampleDecoder.split(header.startsWith("\uFEFF") ? header.substring(1) : header);
            if (columns.size() < 3 || !columns.subList(0, 3).equals(CsvSampleDecoder.REQUIRED)) {
                throw new IllegalArgumentException(file + ": header must start with timestamp,metric,value but is '"
                        + header + "'");
            }
            long rows = 0;
            long maxSeen = Long.MIN_VALUE;
            long first = Long.MAX_VALUE;
            long disorder = 0;
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                rows++;
                if (rows % 1_000_000 == 0) {
                    progress.accept(rows);
                }
                int comma = line.indexOf(',');
                long ts;
                try {
                    ts = Timestamps.parse(comma < 0 ? line : line.substring(0, comma).replace("\"", ""));
                } catch (IllegalArgumentException e) {
                    continue; // the job sends this row to the dead letters with its line number
                }
                if (times.admit(-1, ts) != null) {
                    continue; // and this one
                }
                first = Math.min(first, ts);
                if (maxSeen != Long.MIN_VALUE && ts < maxSeen) {
                    disorder = Math.max(disorder, maxSeen - ts);
                }
                maxSeen = Math.max(maxSeen, ts);
            }
            return new CsvPrescan(columns, rows, disorder, first, maxSeen);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("input file " + file + " does not exist");
        }
    }
}
