package io.vigil.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One configuration's figures, as the line {@code vigil bench} prints and scripts read:
 * {@code bench backend=rocksdb series=10000 samples=1200000 floor_per_cpu_s=... vigil_per_cpu_s=...
 * ratio=... state_bytes_per_series=... heap_bytes_per_series=... p99_alert_ms=... p50_alert_ms=...
 * p99_alert_written_ms=... p50_alert_written_ms=... anomalies=... alerts_missed=... live_step_s=...
 * live_samples_per_s=... late_samples=... format=... scrape_s=... floor_before_per_cpu_s=...
 * floor_after_per_cpu_s=... series_per_instance=...}, the keys always in this order (new ones only
 * ever appended). Also the line each child JVM prints ({@link Side}). Both are a word followed by
 * {@code key=value} pairs; a figure not measured is {@code -}.
 *
 * @param samples samples in the topic (series x samples per series)
 * @param floorBeforePerCpuS samples per CPU-second of the plain single-threaded consumer, run just
 *     before the job
 * @param floorAfterPerCpuS the same, run again just after the job (NaN in a line from before it was)
 * @param vigilPerCpuS samples per CPU-second of the Vigil job end to end
 * @param stateBytesPerSeries the last completed checkpoint's full state size / series
 * @param heapBytesPerSeries approximate: heap used after GC at the end minus before the job / series
 * @param live the live phase's alert latencies ({@link Live#NONE} when it did not run)
 * @param lateSamples samples the job found behind its watermark (dead letters, stage
 *     {@code features-late}) in the throughput phase; -1 not measured
 * @param format the metrics topic's record format ({@link BenchFormat})
 * @param scrapeS seconds between a series' samples in the topic (the grid step is a minute; a line
 *     from before the key reads as 60)
 * @param seriesPerInstance series per {@code instance} label, the entity judge's entities (a line
 *     from before the key reads as {@link BenchSeries#SERIES_PER_INSTANCE})
 */
public record BenchResult(String backend, int series, long samples, double floorBeforePerCpuS,
        double floorAfterPerCpuS, double vigilPerCpuS,
        double stateBytesPerSeries, double heapBytesPerSeries, Live live, long lateSamples, String format,
        long scrapeS, int seriesPerInstance) {
    static final String PREFIX = "bench";
    /** Written for a figure this command did not measure (the key stays so scripts can rely on it). */
    static final String NOT_MEASURED = "-";
    /**
     * Where both sides' CPU windows open, as a share of the samples consumed: the first half warms
     * the JIT up (its compiler threads took a fifth of the job's CPU over a whole run), so the window
     * sees the steady state a long-running job is in.
     */
    public static final double WINDOW_START = 0.5;

    /** The sample count at which the CPU window opens for a topic of {@code expected} samples. */
    static long windowStart(long expected) {
        return Math.max(1, (long) (expected * WINDOW_START));
    }

    /**
     * The floor the job is compared with: the mean of its runs before and after the job, so that a
     * machine whose load changes over the minutes the job runs moves both sides alike.
     */
    public double floorPerCpuS() {
        return Double.isNaN(floorAfterPerCpuS) ? floorBeforePerCpuS : (floorBeforePerCpuS + floorAfterPerCpuS) / 2;
    }

    public double ratio() {
        return vigilPerCpuS / floorPerCpuS();
    }

    /**
     * The live phase's figures ({@link LivePhase}): event-to-alert latency after the watermark
     * ({@link AlertLatency}) over the injected anomalies, in ms. NaN for a figure not measured.
     *
     * @param p99Ms p99 as a {@code read_committed} reader sees the alerts (what users see): the key
     *     {@code p99_alert_ms}
     * @param p50Ms p50 of the same
     * @param p99WrittenMs p99 as a {@code read_uncommitted} reader sees them: the job's own latency,
     *     without the wait for the checkpoint that commits them
     * @param p50WrittenMs p50 of the same
     * @param anomalies anomalies injected (0: no live phase)
     * @param missed anomalies with no committed alert within {@link LivePhase#ALERT_BOUND}
     * @param stepS the grid step the live phase fed and the job ran with ({@code features.step})
     * @param samplesPerS the live phase's feed rate
     */
    public record Live(double p99Ms, double p50Ms, double p99WrittenMs, double p50WrittenMs, int anomalies,
            int missed, double stepS, double samplesPerS) {
        public static final Live NONE = new Live(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0,
                Double.NaN, Double.NaN);

        static Live of(LivePhase.Result r) {
            return new Live(r.committed().p99Ms(), r.committed().p50Ms(), r.written().p99Ms(), r.written().p50Ms(),
                    r.committed().anomalies(), r.committed().missed(), r.plan().stepMs() / 1000.0,
                    r.plan().samplesPerSecond());
        }

        boolean measured() {
            return anomalies > 0;
        }
    }

    public String line() {
        return String.format(Locale.ROOT, "%s backend=%s series=%d samples=%d floor_per_cpu_s=%.0f "
                + "vigil_per_cpu_s=%.0f ratio=%.4f state_bytes_per_series=%.0f heap_bytes_per_series=%.0f "
                + "p99_alert_ms=%s p50_alert_ms=%s p99_alert_written_ms=%s p50_alert_written_ms=%s anomalies=%s "
                + "alerts_missed=%s live_step_s=%s live_samples_per_s=%s late_samples=%s format=%s scrape_s=%d "
                + "floor_before_per_cpu_s=%s floor_after_per_cpu_s=%s series_per_instance=%d", PREFIX, backend,
                series, samples,
                floorPerCpuS(), vigilPerCpuS, ratio(), stateBytesPerSeries, heapBytesPerSeries, figure(live.p99Ms()),
                figure(live.p50Ms()), figure(live.p99WrittenMs()), figure(live.p50WrittenMs()),
                live.measured() ? Integer.toString(live.anomalies()) : NOT_MEASURED,
                live.measured() ? Integer.toString(live.missed()) : NOT_MEASURED, figure(live.stepS()),
                figure(live.samplesPerS()), lateSamples < 0 ? NOT_MEASURED : Long.toString(lateSamples), format,
                scrapeS, figure(floorBeforePerCpuS), figure(floorAfterPerCpuS), seriesPerInstance);
    }

    /** A figure rounded to a whole number, or {@value #NOT_MEASURED} for NaN. */
    private static String figure(double v) {
        return Double.isNaN(v) ? NOT_MEASURED : String.format(Locale.ROOT, "%.0f", v);
    }

    /**
     * Reads a line; a line written before a key existed reads as not measured for it (and as adapter
     * JSON, the only format then; its one floor as the floor before).
     */
    public static BenchResult parse(String line) {
        Map<String, String> f = fields(PREFIX, line);
        Live live = new Live(optional(f, "p99_alert_ms"), optional(f, "p50_alert_ms"),
                optional(f, "p99_alert_written_ms"), optional(f, "p50_alert_written_ms"),
                (int) orZero(optional(f, "anomalies")), (int) orZero(optional(f, "alerts_missed")),
                optional(f, "live_step_s"), optional(f, "live_samples_per_s"));
        return new BenchResult(f.get("backend"), Integer.parseInt(f.get("series")), Long.parseLong(f.get("samples")),
                number(f, f.containsKey("floor_before_per_cpu_s") ? "floor_before_per_cpu_s" : "floor_per_cpu_s"),
                optional(f, "floor_after_per_cpu_s"), number(f, "vigil_per_cpu_s"), number(f, "state_bytes_per_series"),
                number(f, "heap_bytes_per_series"), live, (long) orMinusOne(optional(f, "late_samples")),
                f.getOrDefault("format", BenchFormat.ADAPTER_JSON.configName),
                Long.parseLong(f.getOrDefault("scrape_s", Long.toString(BenchData.STEP_MS / 1000))),
                Integer.parseInt(f.getOrDefault("series_per_instance",
                        Integer.toString(BenchSeries.SERIES_PER_INSTANCE))));
    }

    /**
     * What a child JVM measured over its CPU window (from {@link #WINDOW_START} of the samples
     * consumed to all of them), printed as one line on its standard output.
     *
     * @param side {@code floor} or {@code vigil}
     * @param windowSamples samples consumed inside the window
     * @param cpuSeconds the process' CPU time inside the window
     * @param consumed samples consumed in all (must equal the topic's)
     * @param stateBytes the last completed checkpoint's full state size (0 for the floor)
     * @param heapBytes heap used after GC at the end minus before the work started (approximate)
     * @param lateSamples samples the job counted late (0 for the floor, which has no watermark)
     */
    public record Side(String side, long windowSamples, double cpuSeconds, long consumed, long stateBytes,
            long heapBytes, long lateSamples) {
        static final String PREFIX = "vigil-bench-side";

        public double perCpuSecond() {
            return windowSamples / cpuSeconds;
        }

        public String line() {
            return String.format(Locale.ROOT, "%s side=%s window_samples=%d cpu_s=%.6f consumed=%d state_bytes=%d "
                    + "heap_bytes=%d late_samples=%d", PREFIX, side, windowSamples, cpuSeconds, consumed, stateBytes,
                    heapBytes, lateSamples);
        }

        static boolean isSideLine(String line) {
            return line.startsWith(PREFIX + " ");
        }

        public static Side parse(String line) {
            Map<String, String> f = fields(PREFIX, line);
            return new Side(f.get("side"), Long.parseLong(f.get("window_samples")), number(f, "cpu_s"),
                    Long.parseLong(f.get("consumed")), Long.parseLong(f.get("state_bytes")),
                    Long.parseLong(f.get("heap_bytes")), Long.parseLong(f.get("late_samples")));
        }
    }

    /** The key=value pairs of a line that starts with {@code prefix}; throws naming the line otherwise. */
    static Map<String, String> fields(String prefix, String line) {
        String[] words = line.trim().split("\\s+");
        if (words.length == 0 || !words[0].equals(prefix)) {
            throw new IllegalArgumentException("not a '" + prefix + "' line: " + line);
        }
        Map<String, String> f = new LinkedHashMap<>();
        for (int i = 1; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + words[i] + "' is not key=value in: " + line);
            }
            f.put(words[i].substring(0, eq), words[i].substring(eq + 1));
        }
        return f;
    }

    /** The key's number; NaN when it is absent or not measured. */
    private static double optional(Map<String, String> f, String key) {
        String v = f.get(key);
        return v == null || v.equals(NOT_MEASURED) ? Double.NaN : Double.parseDouble(v);
    }

    private static double orMinusOne(double v) {
        return Double.isNaN(v) ? -1 : v;
    }

    private static double orZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    private static double number(Map<String, String> f, String key) {
        String v = f.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing " + key + " in " + f);
        }
        return Double.parseDouble(v);
    }
}
