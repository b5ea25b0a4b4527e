package io.vigil.eval.nab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NAB's labelled windows ({@code {"<category>/<file>.csv": [[start, end], ...]}}) and their mapping
 * onto rows. Its keys define the corpus. A boundary is the first row whose timestamp equals it
 * exactly (NAB's rule); timestamps compare as instants, so {@code 10:50:00.000000} equals
 * {@code 10:50:00}.
 */
public final class NabWindows {
    private static final DateTimeFormatter NAIVE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

    /** One window as written: start and end in epoch ms (naive timestamps read as UTC). */
    public record Window(long startMs, long endMs) {}

    private NabWindows() {}

    /** The windows per file, in the file's key order. */
    public static Map<String, List<Window>> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("labels " + file + " is not a file");
        }
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        if (!root.isObject()) {
            throw new IllegalArgumentException(file + ": expected {\"<category>/<file>.csv\": [[start, end], ...]}");
        }
        Map<String, List<Window>> out = new LinkedHashMap<>();
        root.fields().forEachRemaining(e -> {
            List<Window> windows = new ArrayList<>();
            for (JsonNode w : e.getValue()) {
                if (!w.isArray() || w.size() != 2) {
                    throw new IllegalArgumentException(file + ": window of " + e.getKey() + " is not [start, end]: " + w);
                }
                windows.add(new Window(parseMs(w.get(0).asText(), file + " (" + e.getKey() + ")"),
                        parseMs(w.get(1).asText(), file + " (" + e.getKey() + ")")));
            }
            out.put(e.getKey(), List.copyOf(windows));
        });
        return out;
    }

    /** The windows of {@code name} as {@code {first row, last row}} in a file with these row times. */
    public static int[][] toRows(String name, long[] timestampsMs, List<Window> windows) {
        int[][] rows = new int[windows.size()][];
        for (int w = 0; w < windows.size(); w++) {
            rows[w] = new int[] {rowOf(name, timestampsMs, windows.get(w).startMs()),
                    rowOf(name, timestampsMs, windows.get(w).endMs())};
        }
        return rows;
    }

    private static int rowOf(String name, long[] timestampsMs, long t) {
        for (int i = 0; i < timestampsMs.length; i++) {
            if (timestampsMs[i] == t) {
                return i;
            }
        }
        throw new IllegalArgumentException(name + ": no row has the window boundary timestamp "
                + LocalDateTime.ofEpochSecond(Math.floorDiv(t, 1000), 0, ZoneOffset.UTC).format(NAIVE)
                + " (NAB windows must start and end on a row's timestamp)");
    }

    /** Epoch ms of a naive NAB timestamp ({@code YYYY-MM-DD HH:MM:SS[.ffffff]}) read as UTC. */
    public static long parseMs(String text, Object where) {
        try {
            return LocalDateTime.parse(text.trim(), NAIVE).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + ": timestamp '" + text + "' is not 'YYYY-MM-DD HH:MM:SS'");
        }
    }
}
