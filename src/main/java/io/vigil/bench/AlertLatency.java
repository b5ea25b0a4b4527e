package io.vigil.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * Event-to-alert latency after the watermark, as plain arithmetic: for each injected anomaly, the
 * wall time at which an alert for it became visible on the alerts topic minus the wall time at
 * which its data became complete.
 *
 * <p>Complete ({@link #completeAtMs}): the first moment the job's event time could pass the
 * anomalous sample. The resampler ({@code ResampleSeries}) closes a grid step when the watermark
 * reaches the step's end − 1 ms; the watermark ({@code SplitWatermarks}) is the newest sample time
 * of the slowest partition − {@code ingest.max-out-of-orderness} − 1 ms. So the step of a sample
 * stamped t closes once every partition holds a sample stamped at or after
 * {@code stepEnd(t) + max-out-of-orderness}, where {@code stepEnd(t) = floor(t / step) · step + step}.
 * A live sample is stamped with the wall clock when it is written and the adapter's JSON keeps whole
 * seconds, so no such sample exists before the wall time {@code stepEnd(t) + max-out-of-orderness}
 * rounded up to a whole second: that is the anomaly's completion. What follows it is the job's
 * own latency: the next periodic watermark ({@code pipeline.auto-watermark-interval}, 200 ms), every
 * stage, the sink's write, and for a {@code read_committed} reader the checkpoint that commits it.
 *
 * <p>Matching: an anomaly's alert is the first firing alert naming the anomalous series' service
 * ({@code labels.service}) seen at or after the anomalous sample was written and at most
 * {@code boundMs} after the anomaly was complete; an anomaly without one is missed. Percentiles
 * are nearest-rank over the anomalies that were not missed (with 10, p99 is the largest).
 */
final class AlertLatency {
    /** The adapter's JSON keeps whole seconds ({@code MetricsProducer.adapterJson}). */
    static final long TIMESTAMP_PRECISION_MS = 1000;

    /**
     * One injected anomaly.
     *
     * @param service the anomalous series' {@code service} label, which its alert names
     * @param sampleMs wall time at which its first anomalous sample was written (its timestamp)
     * @param completeMs when its data was complete ({@link #completeAtMs})
     */
    record Injection(String series, String service, long sampleMs, long completeMs) {}

    /** A firing alert naming {@code service}, first visible to a consumer at wall time {@code atMs}. */
    record Seen(String service, long atMs) {}

    /**
     * The latencies of one consumer's view: nearest-rank percentiles over the anomalies alerted in
     * time (NaN when none was), and how many were not.
     */
    record Summary(int anomalies, int missed, double p50Ms, double p99Ms) {}

    private AlertLatency() {}

    /** When the data of a sample written at wall time {@code sampleMs} is complete (see the class comment). */
    static long completeAtMs(long sampleMs, long stepMs, long outOfOrdernessMs) {
        long eventMs = Math.floorDiv(sampleMs, TIMESTAMP_PRECISION_MS) * TIMESTAMP_PRECISION_MS;
        long stepEnd = Math.floorDiv(eventMs, stepMs) * stepMs + stepMs;
        long passes = stepEnd + outOfOrdernessMs;
        return Math.floorDiv(passes + TIMESTAMP_PRECISION_MS - 1, TIMESTAMP_PRECISION_MS) * TIMESTAMP_PRECISION_MS;
    }

    /** The anomaly's latency: its first matching alert's time minus its completion; empty when missed. */
    static OptionalLong latencyMs(Injection i, List<Seen> seen, long boundMs) {
        long first = Long.MAX_VALUE;
        for (Seen s : seen) {
            if (s.service().equals(i.service()) && s.atMs() >= i.sampleMs() && s.atMs() <= i.completeMs() + boundMs) {
                first = Math.min(first, s.atMs());
            }
        }
        return first == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(first - i.completeMs());
    }

    /** Whether every anomaly has its alert in {@code seen}. */
    static boolean allAlerted(List<Injection> injections, List<Seen> seen, long boundMs) {
        return injections.stream().allMatch(i -> latencyMs(i, seen, boundMs).isPresent());
    }

    static Summary summarize(List<Injection> injections, List<Seen> seen, long boundMs) {
        List<Long> found = new ArrayList<>();
        for (Injection i : injections) {
            latencyMs(i, seen, boundMs).ifPresent(found::add);
        }
        long[] sorted = found.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Summary(injections.size(), injections.size() - sorted.length, percentile(sorted, 50),
                percentile(sorted, 99));
    }

    /**
     * The nearest-rank {@code p}th percentile of ascending {@code sorted}: the smallest value with
     * at least p % of the values at or below it; NaN when there are none.
     */
    static double percentile(long[] sorted, double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
        }
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    /** For logs: each anomaly's latency in ms, or {@code missed}, in the order injected. */
    static String describe(List<Injection> injections, List<Seen> seen, long boundMs) {
        return Arrays.toString(injections.stream().map(i -> latencyMs(i, seen, boundMs))
                .map(l -> l.isPresent() ? Long.toString(l.getAsLong()) : "missed").toArray());
    }
}
