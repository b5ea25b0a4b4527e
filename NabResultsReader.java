package io.vigil.eval.nab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a detector's NAB results directory: {@code <dir>/<category>/<detector>_<file>.csv}, one
 * file per corpus file, each with {@code timestamp} and {@code anomaly_score} columns (found by
 * header name; other columns are ignored). A {@code .csv.gz} next to or instead of the
 * {@code .csv} is accepted, the plain file winning. With an empty detector name the layout is
 * {@code <dir>/<category>/<file>.csv}, as used by hand-made result sets.
 */
public final class NabResultsReader {
    /** Header name of the score column in NAB result files. */
    public static final String SCORE_COLUMN = "anomaly_score";
    /** Joins the detector name and the data file name in NAB result file names. */
    private static final String DETECTOR_SEPARATOR = "_";

    private NabResultsReader() {}

    /**
     * Every file of the corpus {@code windows} defines, with {@code detector}'s scores from
     * {@code resultsDir} and its windows mapped to rows, in corpus order.
     *
     * @param detector detector name as in NAB's file names ({@code numenta}); empty for no prefix
     * @throws IllegalArgumentException naming the file when a result file is missing, malformed,
     *         or a window boundary is not one of its timestamps
     */
    public static List<NabFile> readCorpus(Path resultsDir, String detector, NabWindows windows) {
        List<NabFile> files = new ArrayList<>();
        for (String name : windows.files()) {
            files.add(readFile(resultPath(resultsDir, detector, name), name, windows));
        }
        return List.copyOf(files);
    }

    /** One result file ({@code .csv} or {@code .csv.gz}) labelled as corpus file {@code name}. */
    public static NabFile readFile(Path resultFile, String name, NabWindows windows) {
        return windows.label(name, NabCsv.read(resultFile, SCORE_COLUMN));
    }

    /**
     * Where {@code detector}'s result for corpus file {@code name} ({@code <category>/<file>.csv})
     * lives under {@code resultsDir}: the {@code .csv} if present, else the {@code .csv.gz}.
     *
     * @throws IllegalArgumentException when the name has no category or neither file exists
     */
    public static Path resultPath(Path resultsDir, String detector, String name) {
        int slash = name.lastIndexOf('/');
        if (slash <= 0 || slash == name.length() - 1) {
            throw new IllegalArgumentException("NAB file name '" + name + "' is not <category>/<file>");
        }
        String prefix = detector == null || detector.isEmpty() ? "" : detector + DETECTOR_SEPARATOR;
        Path plain = resultsDir.resolve(name.substring(0, slash)).resolve(prefix + name.substring(slash + 1));
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        Path gz = plain.resolveSibling(plain.getFileName() + NabCsv.GZIP_SUFFIX);
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        throw new IllegalArgumentException("no result file for NAB file '" + name + "': neither " + plain + " nor " + gz);
    }
}
