package io.vigil;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layering of Vigil's packages, read from the sources: every reference to another top-level
 * package under {@code io.vigil} (imports, static imports and fully-qualified names in code; not
 * comments or strings) must point down the rank table, and the package graph has no cycles. A
 * top-level package is the first segment after {@code io.vigil}; classes in {@code io.vigil}
 * itself are {@code job}. Sub-packages ({@code detect.iforest}, {@code ingest.proto}) belong to
 * their top-level package.
 */
class PackageDependencyTest {
    private static final Path SOURCES = Path.of("src/main/java/io/vigil");

    /** A package may import packages of a lower rank only; equal ranks may not import each other. */
    private static final Map<String, Integer> RANK = Map.ofEntries(
            entry("model", 0),
            entry("config", 1),
            entry("ingest", 2),
            entry("features", 3),
            entry("detect", 4),
            entry("correlate", 5),
            entry("alert", 6),
            entry("pipeline", 7),
            entry("report", 7),
            entry("replay", 8),
            entry("bridge", 8),
            entry("notify", 8),
            entry("eval", 9),
            entry("forecast", 9),
            entry("demo", 9),
            entry("train", 9),
            entry("bench", 10),
            entry("cli", 11),
            entry("job", 12));


    /** {@code io.vigil.<segment>}: a package when the segment is lower case, else a class of io.vigil. */
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\s*\\.\\s*vigil\\s*\\.\\s*([A-Za-z_$][\\w$]*)");
    private static final Pattern PACKAGE = Pattern.compile("\\bpackage\\s+[\\w.\\s]+;");

    /** One file's reference from its top-level package to another. */
    record Edge(String from, String to, String file) {
        String key() {
            return from + "->" + to;
        }

        @Override
        public String toString() {
            return from + " -> " + to + " (" + file + ")";
        }
    }

    private static List<Edge> edges;

    @BeforeAll
    static void scan() throws IOException {
        assertThat(SOURCES).as("run from the project directory").isDirectory();
        Set<Edge> found = new LinkedHashSet<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String from = topLevel(SOURCES.relativize(file));
                String code = PACKAGE.matcher(codeOnly(Files.readString(file, StandardCharsets.UTF_8))).replaceFirst("");
                Matcher m = REFERENCE.matcher(code);
                while (m.find()) {
                    String segment = m.group(1);
                    String to = Character.isLowerCase(segment.charAt(0)) ? segment : "job";
                    if (!to.equals(from)) {
                        found.add(new Edge(from, to, file.getFileName().toString()));
                    }
                }
            }
        }
        edges = List.copyOf(found);
        assertThat(edges).as("edges found under " + SOURCES).isNotEmpty();
    }

    @Test
    void references_everyPackage_pointDownTheRanks() {
        List<String> unknown = new ArrayList<>();
        List<String> upward = new ArrayList<>();
        for (Edge e : edges) {
            if (!RANK.containsKey(e.from()) || !RANK.containsKey(e.to())) {
                unknown.add(e.toString());
            } else if (RANK.get(e.from()) <= RANK.get(e.to())) {
                upward.add(e.toString());
            }
        }
        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(unknown).as("packages missing from the rank table (give each new package a rank): %n  %s",
                    String.join("\n  ", unknown)).isEmpty();
            soft.assertThat(upward).as("references to a package of the same or a higher rank: %n  %s",
                    String.join("\n  ", upward)).isEmpty();
        });
    }

    @Test
    void packageGraph_hasNoCycles() {
        Map<String, Set<String>> out = new HashMap<>();
        for (Edge e : edges) {
            out.computeIfAbsent(e.from(), k -> new HashSet<>()).add(e.to());
        }
        // An edge lies on a cycle exactly when its target reaches back to its source. Each cycle
        // is reported by the edges that close it, those not pointing down the ranks.
        List<String> closing = new ArrayList<>();
        for (Edge e : edges) {
            if (pointsDown(e)) {
                continue;
            }
            List<String> back = path(out, e.to(), e.from());
            if (!back.isEmpty()) {
                closing.add(e + ", closing " + e.from() + " -> " + String.join(" -> ", back));
            }
        }
        assertThat(closing).as("edges closing package cycles: %n  %s", String.join("\n  ", closing)).isEmpty();
    }

    /** {@code model/Timestamps.java} is model; {@code VigilJob.java} (in io.vigil itself) is job. */
    private static String topLevel(Path relative) {
        return relative.getNameCount() == 1 ? "job" : relative.getName(0).toString();
    }

    private static boolean pointsDown(Edge e) {
        Integer from = RANK.get(e.from());
        Integer to = RANK.get(e.to());
        return from != null && to != null && from > to;
    }

    /** The packages on a shortest path from {@code start} to {@code goal}, both included; empty if there is none. */
    private static List<String> path(Map<String, Set<String>> out, String start, String goal) {
        Map<String, String> parent = new HashMap<>();
        parent.put(start, start);
        ArrayDeque<String> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            String p = todo.poll();
            if (p.equals(goal)) {
                List<String> path = new ArrayList<>();
                for (String q = goal; !q.equals(start); q = parent.get(q)) {
                    path.add(0, q);
                }
                path.add(0, start);
                return path;
            }
            for (String q : new TreeSet<>(out.getOrDefault(p, Set.of()))) {
                if (parent.putIfAbsent(q, p) == null) {
                    todo.add(q);
                }
            }
        }
        return List.of();
    }

    /**
     * The source with comments blanked and string, text-block and char literals emptied, so only
     * code is searched ({@code {@link io.vigil.x.Y}} in javadoc is not a dependency).
     */
    static String codeOnly(String src) {
        StringBuilder sb = new StringBuilder(src.length());
        int i = 0;
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (src.startsWith("//", i)) {
                while (i < n && src.charAt(i) != '\n') {
                    i++;
                }
            } else if (src.startsWith("/*", i)) {
                int end = src.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                sb.append(' ');
            } else if (src.startsWith("\"\"\"", i)) {
                int end = src.indexOf("\"\"\"", i + 3);
                while (end > 0 && src.charAt(end - 1) == '\\') {
                    end = src.indexOf("\"\"\"", end + 1);
                }
                i = end < 0 ? n : end + 3;
                sb.append("\"\"");
            } else if (c == '"' || c == '\'') {
                i++;
                while (i < n && src.charAt(i) != c && src.charAt(i) != '\n') {
                    i += src.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
                sb.append(c).append(c);
            } else {
                sb.append(c);
                i++;
            }
        }
        return sb.toString();
    }
}
