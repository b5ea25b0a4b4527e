package io.vigil.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What docker/Dockerfile copies from the checkout into the final image: container path to the
 * checkout's file, so a test can open the file a container will read.
 */
final class ImageFiles {
    static final Path DOCKERFILE = Path.of("docker/Dockerfile");

    private ImageFiles() {}

    /** One copied file; {@code owner} is the --chown value, empty when root keeps it. */
    record Copy(Path source, String owner) {}

    static Map<String, Copy> copies() {
        List<String> instructions = instructions();
        int lastFrom = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).startsWith("FROM ")) {
                lastFrom = i;
            }
        }
        Map<String, Copy> out = new LinkedHashMap<>();
        for (String line : instructions.subList(lastFrom, instructions.size())) {
            if (!line.startsWith("COPY ")) {
                continue;
            }
            List<String> words = new ArrayList<>(List.of(line.substring(5).trim().split("\\s+")));
            String owner = "";
            boolean fromStage = false;
            while (words.get(0).startsWith("--")) {
                String flag = words.remove(0);
                if (flag.startsWith("--chown=")) {
                    owner = flag.substring("--chown=".length());
                }
                fromStage |= flag.startsWith("--from=");
            }
            if (fromStage) {
                continue;
            }
            String dest = words.remove(words.size() - 1);
            for (String src : words) {
                String target = dest.endsWith("/") ? dest + Path.of(src).getFileName() : dest;
                out.put(target, new Copy(Path.of(src), owner));
            }
        }
        return out;
    }

    /** The checkout's file that the image has at {@code containerPath}. */
    static Path source(String containerPath) {
        Copy c = copies().get(containerPath);
        if (c == null) {
            throw new AssertionError(DOCKERFILE + " copies nothing to " + containerPath + "; it copies " + copies().keySet());
        }
        return c.source();
    }

    /** Instructions with their continuation lines joined and comments dropped. */
    private static List<String> instructions() {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        try {
            for (String raw : Files.readAllLines(DOCKERFILE)) {
                String line = raw.strip();
                if (line.startsWith("#") || (line.isEmpty() && current.length() == 0)) {
                    continue;
                }
                boolean continues = line.endsWith("\\");
                current.append(continues ? line.substring(0, line.length() - 1) : line).append(' ');
                if (!continues) {
                    out.add(current.toString().strip());
                    current.setLength(0);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
