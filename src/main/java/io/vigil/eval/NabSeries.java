package io.vigil.eval;

import io.vigil.eval.nab.NabResultsReader;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One NAB data file ({@code timestamp,value}) in file order. Rows are identified by position: they
 * are never sorted or de-duplicated. NAB timestamps are naive; they are read as UTC.
 *
 * @param name {@code <category>/<file>.csv}, the key NAB's label files use
 * @param timestamps the timestamps exactly as written in the file
 */
public record NabSeries(String name, String[] timestamps, long[] timestampsMs, double[] values) {
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
        NabResultsReader.Scores c = NabResultsReader.read(file, "value");
        return new NabSeries(name, c.timestamps(), c.timestampsMs(), c.scores());
    }
}
