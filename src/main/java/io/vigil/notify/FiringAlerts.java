package io.vigil.notify;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The alerts Alertmanager must keep hearing about, by fingerprint, with the alerts-topic partition
 * each came from (so a partition handed to another notifier takes its alerts along). Only alerts
 * that hold until resolved are kept: one that names its own end (the heartbeat) must lapse when
 * its producer stops, so re-sending it would hide a dead job. Thread-safe for the /metrics reader.
 */
final class FiringAlerts {
    private record Entry(AlertMessage alert, int partition) {}

    private final Map<String, Entry> byFingerprint = new ConcurrentHashMap<>();

    /** Whether {@code a} is kept and re-sent while firing. */
    static boolean heldUntilResolved(AlertMessage a) {
        return a.firing() && a.endsAt().isEmpty();
    }

    /** Records what {@code a} says: kept while it holds until resolved, forgotten otherwise. */
    void apply(AlertMessage a, int partition) {
        if (heldUntilResolved(a)) {
            byFingerprint.put(a.fingerprint(), new Entry(a, partition));
        } else {
            byFingerprint.remove(a.fingerprint());
        }
    }

    /** The version kept for this fingerprint, or null. */
    AlertMessage get(String fingerprint) {
        Entry e = byFingerprint.get(fingerprint);
        return e == null ? null : e.alert();
    }

    void forgetPartitions(Collection<Integer> partitions) {
        byFingerprint.values().removeIf(e -> partitions.contains(e.partition()));
    }

    /** Every kept alert, by fingerprint (a stable order for payloads and tests). */
    List<AlertMessage> all() {
        return byFingerprint.values().stream().map(Entry::alert)
                .sorted(Comparator.comparing(AlertMessage::fingerprint)).toList();
    }

    int size() {
        return byFingerprint.size();
    }
}
