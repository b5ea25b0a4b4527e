package io.vigil.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What the shipped files are checked against: the command lines they hold, the counters the job registers. */
final class ShippedSources {
    private ShippedSources() {}

    /** The {@code --set KEY=VALUE} overrides of a Vigil command line, as the CLI applies them. */
    static Map<String, String> sets(List<String> args) {
        Map<String, String> sets = new LinkedHashMap<>();
        for (int i = 0; i < args.size() - 1; i++) {
            if (args.get(i).equals("--set")) {
                String[] kv = args.get(i + 1).split("=", 2);
                sets.put(kv[0], kv[1]);
            }
        }
        return sets;
    }

    /** Counters and gauges the job registers ({@code counter("name")}, {@code gauge("name", ...)} in the sources). */
    static Set<String> registeredCounters() throws IOException {
        Set<String> registered = new TreeSet<>();
        Pattern counter = Pattern.compile("(?:counter|gauge)\\(\"([a-z_]+)\"");
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
                Matcher m = counter.matcher(Files.readString(f));
                while (m.find()) {
                    registered.add(m.group(1));
                }
            }
        }
        return registered;
    }
}
