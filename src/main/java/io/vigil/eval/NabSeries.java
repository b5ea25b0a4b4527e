package io.vigil.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * One NAB data file ({@code timestamp,value}) in file order. Rows are identified by position: they
 * are never sorted or de-duplicated. NAB timestamps are naive; they are read as UTC.
 *
 * @param name {@code <category>/<file>.csv}, the key NAB's label files use
 * @param timestamps the timestamps exactly as written in the file
 */
public record NabSeries(String name, String[] timestamps, long[] timestampsMs, double[] values) {
    private static final DateTimeFormatter NAIVE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

    public NabSeries {
        if (timestamps.length != values.length || timestampsMs.length != values.length) {
            throw new IllegalArgumentException(name + ": column lengths differ");
        }
    }

    public int rows() {
        return values.length;
    }

    public String category() {
        int slash = name.indexOf('/');
        return slash < 0 ? "" : name.substring(0, slash);
    }

    public String fileName() {
        return name.substring(name.indexOf('/') + 1);
    }

    /** Reads {@code file}, naming it {@code <category>/<file>.csv} relative to {@code root}. */
    public static NabSeries read(Path root, Path file) throws IOException {
        String name = root.relativize(file).toString().replace('\\', '/');
        List<String> ts = new ArrayList<>();
        List<Double> vs = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null || !header.trim().toLowerCase().startsWith("timestamp,value")) {
                throw new IllegalArgumentException(file + ": expected the header 'timestamp,value', found '"
                        + header + "'");
            }
            String line;
            int lineNo = 1;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length < 2) {
                    throw new IllegalArgumentException(file + ":" + lineNo + ": expected 'timestamp,value', found '"
                            + line + "'");
                }
                ts.add(f[0].trim());
                try {
                    vs.add(Double.parseDouble(f[1].trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(file + ":" + lineNo + ": value '" + f[1] + "' is not a number");
                }
            }
        }
        long[] ms = new long[ts.size()];
        double[] values = new double[ts.size()];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = parseMs(ts.get(i), file, i + 2);
            values[i] = vs.get(i);
        }
        return new NabSeries(name, ts.toArray(String[]::new), ms, values);
    }

    /** Milliseconds of a naive NAB timestamp read as UTC. */
    public static long parseMs(String text, Object where, int line) {
        try {
            return LocalDateTime.parse(text, NAIVE).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + ":" + line + ": timestamp '" + text
                    + "' is not 'YYYY-MM-DD HH:MM:SS'");
        }
    }
}
