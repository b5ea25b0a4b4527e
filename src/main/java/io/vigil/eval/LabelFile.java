package io.vigil.eval;

import io.vigil.ingest.CsvSampleDecoder;
import io.vigil.model.Timestamps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads labelled incidents from CSV: header {@code start,end[,service][,description]} in any order
 * (other columns are ignored); times RFC 3339 or epoch; {@code service} may list several services
 * separated by {@code |} (a fault and the callers it spread to) or be empty for "any series".
 */
public final class LabelFile {
    private LabelFile() {}

    public static List<LabelledIncident> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--labels " + file + " is not a file");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + " is empty; expected the header start,end[,service][,description]");
        }
        List<String> header = Arrays.stream(lines.get(0).split(",", -1)).map(s -> s.trim().toLowerCase()).toList();
        int start = header.indexOf("start");
        int end = header.indexOf("end");
        int service = header.indexOf("service");
        int description = header.indexOf("description");
        if (start < 0 || end < 0) {
            throw new IllegalArgumentException(file + ": header '" + lines.get(0)
                    + "' lacks the columns start and end (start,end[,service][,description])");
        }
        List<LabelledIncident> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = CsvSampleDecoder.split(line).toArray(String[]::new);
            if (f.length <= Math.max(start, end)) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": too few columns in '" + line + "'");
            }
            try {
                Set<String> services = new LinkedHashSet<>();
                if (service >= 0 && service < f.length) {
                    for (String s : f[service].split("\\|")) {
                        if (!s.isBlank()) {
                            services.add(s.trim());
                        }
                    }
                }
                out.add(new LabelledIncident(Timestamps.parse(f[start]), Timestamps.parse(f[end]), services,
                        description >= 0 && description < f.length ? f[description].trim() : ""));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + e.getMessage());
            }
        }
        return out;
    }
}
