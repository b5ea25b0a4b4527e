package io.vigil.correlate;

import io.vigil.model.SeriesIds;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What every series of one scope showed recently (keyed state {@code evidence-v2}): its anomalies
 * and its sub-threshold movement, one item per series. Root-cause ranking reads a service's
 * evidence from all its series, not only from those that alarmed, so a service whose metrics all
 * moved a little is seen next to one with a single alarm, and a dependency that carried a fault
 * without alarming keeps the chain whole.
 *
 * @param items one per series, oldest last-seen first; dropped past the keep time or the cap
 */
public record RecentEvidence(int version, List<Item> items) {
    public static final int VERSION = 1;
    static final int MAX_ITEMS = 256;

    /**
     * One series' movement: first seen at {@code firstAtMs}, strongest ({@code peak}) at {@code
     * peakAtMs}, where its value was {@code value} against {@code expected} (NaN before a model is
     * warm), last seen at {@code lastAtMs}.
     */
    public record Item(String series, String service, long firstAtMs, long peakAtMs, double peak, double value,
            double expected, long lastAtMs) {
        public String metric() {
            return SeriesIds.metricOf(series);
        }
    }

    public static RecentEvidence empty() {
        return new RecentEvidence(VERSION, List.of());
    }

    /**
     * Adds one point's movement and forgets items last seen more than {@code keepMs} before it (a
     * series that moves again after that starts a new item).
     */
    public RecentEvidence add(String series, String service, long atMs, double score, double value, double expected,
            long keepMs) {
        List<Item> out = new ArrayList<>(items.size() + 1);
        Item merged = new Item(series, service, atMs, atMs, score, value, expected, atMs);
        for (Item i : items) {
            if (i.lastAtMs() < atMs - keepMs) {
                continue;
            }
            if (i.series().equals(series)) {
                boolean higher = score > i.peak();
                merged = higher
                        ? new Item(series, service, Math.min(i.firstAtMs(), atMs), atMs, score, value, expected,
                                Math.max(i.lastAtMs(), atMs))
                        : new Item(series, service, Math.min(i.firstAtMs(), atMs), i.peakAtMs(), i.peak(), i.value(),
                                i.expected(), Math.max(i.lastAtMs(), atMs));
            } else {
                out.add(i);
            }
        }
        out.add(merged);
        if (out.size() > MAX_ITEMS) {
            out.sort(Comparator.comparingLong(Item::lastAtMs));
            out = new ArrayList<>(out.subList(out.size() - MAX_ITEMS, out.size()));
        }
        return new RecentEvidence(VERSION, List.copyOf(out));
    }

    /** The items last seen at or after {@code fromMs}. */
    public List<Item> since(long fromMs) {
        List<Item> out = new ArrayList<>();
        for (Item i : items) {
            if (i.lastAtMs() >= fromMs) {
                out.add(i);
            }
        }
        return out;
    }

    /** Whether nothing was seen at or after {@code fromMs}. */
    public boolean quietSince(long fromMs) {
        return items.stream().noneMatch(i -> i.lastAtMs() >= fromMs);
    }
}
