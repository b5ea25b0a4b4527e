package io.vigil.bridge;

import io.vigil.config.BridgeConfig;
import io.vigil.ingest.ProtoCursor;

import com.google.protobuf.UnsafeByteOperations;

import java.nio.charset.StandardCharsets;

/**
 * One {@code TimeSeries} read in place: its limits checked, its identity hashed, its samples
 * counted, and the spans to forward (labels and samples; exemplars, native histograms and unknown
 * fields are left behind). Reused for every series of a request: it allocates nothing per series.
 */
final class SeriesScan {
    private static final byte[] NAME_LABEL = "__name__".getBytes(StandardCharsets.UTF_8);
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final BridgeConfig.Limits limits;
    private final int[] nameStart;
    private final int[] nameLength;
    int start;
    int end;
    int labels;
    int samples;
    /** Fields not forwarded (exemplars, histograms, unknown). */
    int dropped;
    long hash;
    /** {@code reason: description}, or null when the series may pass. */
    String problem;
    /** Kept field spans as (start, end) pairs, used only when something is dropped. */
    int[] kept = new int[64];
    int keptCount;

    SeriesScan(BridgeConfig.Limits limits) {
        this.limits = limits;
        this.nameStart = new int[limits.labels().maxLabels()];
        this.nameLength = new int[limits.labels().maxLabels()];
    }

    void scan(byte[] buf, int from, int to) throws ProtoCursor.Malformed {
        start = from;
        end = to;
        labels = 0;
        samples = 0;
        dropped = 0;
        keptCount = 0;
        problem = null;
        hash = FNV_OFFSET;
        boolean named = false;
        ProtoCursor c = new ProtoCursor(buf, from, to);
        while (c.more()) {
            int fieldStart = c.pos;
            int tag = c.tag();
            int field = tag >>> 3;
            if (field == 1 && (tag & 7) == ProtoCursor.LEN) {
                int labelEnd = c.lengthEnd();
                if (problem == null) {
                    named |= label(buf, c.pos, labelEnd);
                }
                c.pos = labelEnd;
                keep(fieldStart, labelEnd);
            } else if (field == 2 && (tag & 7) == ProtoCursor.LEN) {
                c.pos = c.lengthEnd();
                samples++;
                keep(fieldStart, c.pos);
            } else {
                c.skip(tag);
                dropped++;
            }
        }
        if (problem == null && !named) {
            problem = "missing_metric_name: series " + describe(buf) + " has no __name__";
        }
        hash = fmix(hash);
    }

    /** Checks one Label message and folds it into the hash; true when it is a non-empty __name__. */
    private boolean label(byte[] buf, int from, int to) throws ProtoCursor.Malformed {
        int ns = from;
        int nl = 0;
        int vs = from;
        int vl = 0;
        ProtoCursor c = new ProtoCursor(buf, from, to);
        while (c.more()) {
            int tag = c.tag();
            if ((tag >>> 3) <= 2 && (tag & 7) == ProtoCursor.LEN) {
                int e = c.lengthEnd();
                if ((tag >>> 3) == 1) {
                    ns = c.pos;
                    nl = e - c.pos;
                } else {
                    vs = c.pos;
                    vl = e - c.pos;
                }
                c.pos = e;
            } else {
                c.skip(tag);
            }
        }
        if (labels == limits.labels().maxLabels()) {
            problem = "too_many_labels: series " + describe(buf) + " has more than "
                    + "bridge.limits.max-labels-per-series " + limits.labels().maxLabels() + " labels";
            return false;
        }
        if (nl == 0) {
            problem = "empty_label_name: series " + describe(buf) + " has a label without a name";
        } else if (nl > limits.labels().maxNameLength()) {
            problem = "label_name_too_long: series " + describe(buf) + " has a label name of " + nl
                    + " bytes, above bridge.limits.max-label-name-length " + limits.labels().maxNameLength();
        } else if (vl > limits.labels().maxValueLength()) {
            problem = "label_value_too_long: label " + text(buf, ns, nl) + " of series " + describe(buf) + " is " + vl
                    + " bytes, above bridge.limits.max-label-value-length " + limits.labels().maxValueLength();
        } else if (!ProtoCursor.isUtf8(buf, ns, ns + nl) || !ProtoCursor.isUtf8(buf, vs, vs + vl)) {
            problem = "invalid_utf8: series " + describe(buf) + " has a label that is not UTF-8";
        } else {
            for (int i = 0; i < labels; i++) {
                if (same(buf, nameStart[i], nameLength[i], ns, nl)) {
                    problem = "duplicate_label: series " + describe(buf) + " has label " + text(buf, ns, nl) + " twice";
                    break;
                }
            }
        }
        nameStart[labels] = ns;
        nameLength[labels] = nl;
        labels++;
        long h = hash;
        for (int i = ns; i < ns + nl; i++) {
            h = (h ^ (buf[i] & 0xff)) * FNV_PRIME;
        }
        h = (h ^ 0x100) * FNV_PRIME;
        for (int i = vs; i < vs + vl; i++) {
            h = (h ^ (buf[i] & 0xff)) * FNV_PRIME;
        }
        hash = (h ^ 0x101) * FNV_PRIME;
        return vl > 0 && same(buf, ns, nl, NAME_LABEL);
    }

    private void keep(int from, int to) {
        if (keptCount * 2 + 2 > kept.length) {
            kept = java.util.Arrays.copyOf(kept, kept.length * 2);
        }
        kept[keptCount * 2] = from;
        kept[keptCount * 2 + 1] = to;
        keptCount++;
    }

    /** Length of the TimeSeries as forwarded. */
    int forwardedLength() {
        if (dropped == 0) {
            return end - start;
        }
        int n = 0;
        for (int i = 0; i < keptCount; i++) {
            n += kept[2 * i + 1] - kept[2 * i];
        }
        return n;
    }

    /**
     * The series' partition. The hash is FNV-1a over each label's name and value bytes with
     * separators ({@code a="bc"} and {@code ab="c"} differ), so it depends on the label set, not on how
     * the sender laid out the bytes; Prometheus sends labels sorted, so one series hashes one way.
     */
    static int partition(long hash, int partitions) {
        return (int) Math.floorMod(hash, (long) partitions);
    }

    /** Spreads FNV's weak low bits (the partition is hash mod n): MurmurHash3's 64-bit finaliser. */
    static long fmix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    private static boolean same(byte[] buf, int a, int al, int b, int bl) {
        if (al != bl) {
            return false;
        }
        for (int i = 0; i < al; i++) {
            if (buf[a + i] != buf[b + i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean same(byte[] buf, int a, int al, byte[] b) {
        if (al != b.length) {
            return false;
        }
        for (int i = 0; i < al; i++) {
            if (buf[a + i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] buf, int from, int n) {
        String s = new String(buf, from, Math.min(n, 60), StandardCharsets.UTF_8);
        return n > 60 ? s + "..." : s;
    }

    /** The series as Prometheus prints it (first labels, values cut short), for error messages only. */
    private String describe(byte[] buf) {
        try {
            var ts = io.vigil.ingest.proto.TimeSeries.parseFrom(
                    UnsafeByteOperations.unsafeWrap(buf, start, end - start));
            String metric = "";
            StringBuilder sb = new StringBuilder();
            int shown = 0;
            for (var l : ts.getLabelsList()) {
                if (l.getName().equals("__name__")) {
                    metric = cut(l.getValue());
                } else if (shown++ < 6) {
                    sb.append(shown > 1 ? "," : "").append(cut(l.getName())).append("=\"").append(cut(l.getValue()))
                            .append('"');
                } else if (shown == 7) {
                    sb.append(",...");
                }
            }
            return metric + "{" + sb + "}";
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return "(unreadable series at byte " + start + ")";
        }
    }

    private static String cut(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
