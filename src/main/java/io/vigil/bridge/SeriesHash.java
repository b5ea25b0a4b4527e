package io.vigil.bridge;

import io.vigil.bridge.proto.Label;
import io.vigil.bridge.proto.TimeSeries;

/**
 * A 64-bit identity of a series' label set (FNV-1a over names and values, separators included so
 * {@code a="bc"} and {@code ab="c"} differ). It picks the series' partition and is what the
 * cardinality guard remembers. Prometheus sends labels sorted, so one series hashes one way.
 */
final class SeriesHash {
    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private SeriesHash() {}

    static long of(TimeSeries ts) {
        long h = OFFSET;
        for (int i = 0; i < ts.getLabelsCount(); i++) {
            Label l = ts.getLabels(i);
            h = mix(h, l.getName());
            h = (h ^ 0xff) * PRIME;
            h = mix(h, l.getValue());
            h = (h ^ 0xfe) * PRIME;
        }
        // FNV's low bits are weak for a modulus; a final avalanche (MurmurHash3's fmix64) fixes that.
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    private static long mix(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            h = (h ^ (c & 0xff)) * PRIME;
            h = (h ^ (c >>> 8)) * PRIME;
        }
        return h;
    }

    static int partition(long hash, int partitions) {
        return (int) Math.floorMod(hash, (long) partitions);
    }
}
