package io.vigil.correlate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sub-threshold movement per service in one scope, recently (keyed state {@code evidence-v1}): what
 * lets root-cause ranking see a dependency that carried a fault without alarming on its own.
 *
 * @param items the latest evidence per service, oldest dropped past two session gaps
 */
public record SilentEvidence(int version, List<Item> items) {
    public static final int VERSION = 1;
    static final int MAX_ITEMS = 64;

    /** A service's strongest sub-threshold score, last seen at {@code atMs}. */
    public record Item(String service, long atMs, double score) {}

    public static SilentEvidence empty() {
        return new SilentEvidence(VERSION, List.of());
    }

    /** Adds a point's evidence and forgets what is older than {@code keepMs} before it. */
    public SilentEvidence add(String service, long atMs, double score, long keepMs) {
        List<Item> out = new ArrayList<>();
        boolean merged = false;
        for (Item i : items) {
            if (i.atMs() < atMs - keepMs) {
                continue;
            }
            if (i.service().equals(service)) {
                out.add(new Item(service, Math.max(i.atMs(), atMs), Math.max(i.score(), score)));
                merged = true;
            } else {
                out.add(i);
            }
        }
        if (!merged) {
            out.add(new Item(service, atMs, score));
        }
        while (out.size() > MAX_ITEMS) {
            out.remove(0);
        }
        return new SilentEvidence(VERSION, List.copyOf(out));
    }

    /** Evidence seen from {@code fromMs} on, by service. */
    public Map<String, Double> since(long fromMs) {
        Map<String, Double> m = new TreeMap<>();
        for (Item i : items) {
            if (i.atMs() >= fromMs) {
                m.merge(i.service(), i.score(), Math::max);
            }
        }
        return m;
    }
}
