package io.vigil.correlate;

import io.vigil.model.ChangeEvent;

import java.util.ArrayList;
import java.util.List;

/** Change events of one scope recent enough to matter (keyed state {@code changes-v1}). */
public record RecentChanges(int version, List<ChangeEvent> items) {
    public static final int VERSION = 1;
    static final int MAX_ITEMS = 32;

    public static RecentChanges empty() {
        return new RecentChanges(VERSION, List.of());
    }

    /** Adds one, dropping those older than {@code keepMs} before the newest and the oldest beyond the cap. */
    public RecentChanges add(ChangeEvent c, long keepMs) {
        long newest = c.timestampMs();
        for (ChangeEvent e : items) {
            newest = Math.max(newest, e.timestampMs());
        }
        List<ChangeEvent> out = new ArrayList<>();
        for (ChangeEvent e : items) {
            if (e.timestampMs() >= newest - keepMs) {
                out.add(e);
            }
        }
        out.add(c);
        out.sort(java.util.Comparator.comparingLong(ChangeEvent::timestampMs));
        while (out.size() > MAX_ITEMS) {
            out.remove(0);
        }
        return new RecentChanges(VERSION, List.copyOf(out));
    }

    /** Whether all of them are older than {@code beforeMs}. */
    public boolean allBefore(long beforeMs) {
        return items.stream().allMatch(e -> e.timestampMs() < beforeMs);
    }
}
