package io.vigil.eval.rca;

import io.vigil.model.Timestamps;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A random service graph with faults whose root is known: a layered call graph (each service calls
 * one to three services further down), one-minute latency and error-rate series with noise, and
 * faults that start at a root and reach its callers hop by hop, later and weaker each hop. Unrelated
 * one-minute blips on random services are the background an RCA must not mistake for causes.
 *
 * @param calls service → the services it calls
 * @param faults the injected faults, in time order
 */
public record RcaScenario(Map<String, List<String>> calls, List<Fault> faults, long startMs, int minutes) {
    static final long MINUTE = 60_000;
    /** Minutes before the first fault: the detectors' warm-up. */
    static final int WARM_UP = 90;
    /** Minutes between fault onsets: longer than a fault plus the session gap. */
    static final int SPACING = 40;
    static final int FAULT_MINUTES = 10;
    static final int MAX_HOPS = 3;

    /**
     * A fault: its root service, onset, the services it reached with their delays (minutes), and
     * how many calls away from the root each one is.
     */
    public record Fault(String root, long startMs, Map<String, Integer> reached, Map<String, Integer> hops) {}

    public static RcaScenario generate(int services, int faults, long seed) {
        Random r = new Random(seed);
        Map<String, List<String>> calls = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < services; i++) {
            names.add(String.format("svc%03d", i));
        }
        for (int i = 0; i < services; i++) {
            List<String> deps = new ArrayList<>();
            int n = i >= services - 2 ? 0 : 1 + r.nextInt(Math.min(3, services - i - 1));
            while (deps.size() < n) {
                // Mostly near neighbours further down, so depth grows with the graph.
                int j = i + 1 + r.nextInt(Math.min(services - i - 1, 8));
                if (!deps.contains(names.get(j))) {
                    deps.add(names.get(j));
                }
            }
            calls.put(names.get(i), List.copyOf(deps));
        }
        Map<String, List<String>> callers = new HashMap<>();
        calls.forEach((s, deps) -> deps.forEach(d -> callers.computeIfAbsent(d, k -> new ArrayList<>()).add(s)));
        long start = Timestamps.parse("2026-03-02T00:00:00Z");
        List<Fault> list = new ArrayList<>();
        for (int f = 0; f < faults; f++) {
            String root = names.get(r.nextInt(services));
            Map<String, Integer> reached = new HashMap<>();
            Map<String, Integer> hops = new HashMap<>();
            reached.put(root, 0);
            hops.put(root, 0);
            List<String> frontier = List.of(root);
            for (int hop = 1; hop <= MAX_HOPS; hop++) {
                List<String> next = new ArrayList<>();
                for (String s : frontier) {
                    for (String c : callers.getOrDefault(s, List.of())) {
                        if (!reached.containsKey(c) && r.nextDouble() < 0.8) {
                            reached.put(c, reached.get(s) + 1 + r.nextInt(2));
                            hops.put(c, hop);
                            next.add(c);
                        }
                    }
                }
                frontier = next;
            }
            list.add(new Fault(root, start + (WARM_UP + (long) f * SPACING) * MINUTE, Map.copyOf(reached),
                    Map.copyOf(hops)));
        }
        return new RcaScenario(Map.copyOf(calls), List.copyOf(list), start, WARM_UP + faults * SPACING + 20);
    }

    /** Writes {@code metrics.csv} and {@code services.yaml} into {@code dir}; returns the row count. */
    public long write(Path dir, long seed) throws IOException {
        Files.createDirectories(dir);
        Random r = new Random(seed);
        List<String> names = calls.keySet().stream().sorted().toList();
        Map<String, Double> base = new HashMap<>();
        for (String s : names) {
            base.put(s, 0.05 + 0.2 * r.nextDouble());
        }
        long rows = 0;
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("metrics.csv"), StandardCharsets.UTF_8)) {
            w.write("timestamp,metric,value,service\n");
            for (int m = 0; m < minutes; m++) {
                long t = startMs + m * MINUTE;
                String ts = Timestamps.format(t);
                // One unrelated blip somewhere about every 20 minutes.
                String blip = r.nextInt(20) == 0 ? names.get(r.nextInt(names.size())) : null;
                for (String s : names) {
                    double factor = 1 + effect(s, t);
                    double latency = base.get(s) * factor * (1 + 0.05 * r.nextGaussian());
                    if (s.equals(blip)) {
                        latency *= 1.6;
                    }
                    double errors = Math.max(0, 0.5 * (factor - 1) * 5 + 0.2 * r.nextGaussian() + 1);
                    w.write(ts + ",latency_seconds," + latency + "," + s + "\n");
                    w.write(ts + ",error_rate," + errors + "," + s + "\n");
                    rows += 2;
                }
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("services.yaml"), StandardCharsets.UTF_8)) {
            w.write("serviceLabel: service\nservices:\n");
            for (String s : names) {
                w.write("  - name: " + s + "\n    dependsOn: [" + String.join(", ", calls.get(s)) + "]\n");
            }
        }
        return rows;
    }

    /** The fault's extra latency on {@code service} at {@code t}: ×3 at the root, 60% of it per hop. */
    double effect(String service, long t) {
        for (Fault f : faults) {
            Integer delay = f.reached().get(service);
            if (delay == null) {
                continue;
            }
            long from = f.startMs() + delay * MINUTE;
            if (t >= from && t < f.startMs() + FAULT_MINUTES * MINUTE) {
                return 2.0 * Math.pow(0.6, f.hops().get(service));
            }
        }
        return 0;
    }
}
