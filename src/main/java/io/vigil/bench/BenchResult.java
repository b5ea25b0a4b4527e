package io.vigil.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One configuration's figures, as the line {@code vigil bench} prints and scripts read:
 * {@code bench backend=rocksdb series=10000 samples=1200000 floor_per_cpu_s=... vigil_per_cpu_s=...
 * ratio=... state_bytes_per_series=... heap_bytes_per_series=... p99_alert_ms=-}. Also the line
 * each child JVM prints ({@link Side}). Both are a word followed by {@code key=value} pairs.
 *
 * @param samples samples in the topic (series x samples per series)
 * @param floorPerCpuS samples per CPU-second of the plain single-threaded consumer
 * @param vigilPerCpuS samples per CPU-second of the Vigil job end to end
 * @param stateBytesPerSeries the last completed checkpoint's full state size / series
 * @param heapBytesPerSeries approximate: heap used after GC at the end minus before the job / series
 */
public record BenchResult(String backend, int series, long samples, double floorPerCpuS, double vigilPerCpuS,
        double stateBytesPerSeries, double heapBytesPerSeries) {
    static final String PREFIX = "bench";
    /** Written for a figure this command does not measure (the key stays so scripts can rely on it). */
    static final String NOT_MEASURED = "-";

    public double ratio() {
        return vigilPerCpuS / floorPerCpuS;
    }

    public String line() {
        return String.format(Locale.ROOT, "%s backend=%s series=%d samples=%d floor_per_cpu_s=%.0f "
                + "vigil_per_cpu_s=%.0f ratio=%.4f state_bytes_per_series=%.0f heap_bytes_per_series=%.0f "
                + "p99_alert_ms=%s", PREFIX, backend, series, samples, floorPerCpuS, vigilPerCpuS, ratio(),
                stateBytesPerSeries, heapBytesPerSeries, NOT_MEASURED);
    }

    public static BenchResult parse(String line) {
        Map<String, String> f = fields(PREFIX, line);
        return new BenchResult(f.get("backend"), Integer.parseInt(f.get("series")), Long.parseLong(f.get("samples")),
                number(f, "floor_per_cpu_s"), number(f, "vigil_per_cpu_s"), number(f, "state_bytes_per_series"),
                number(f, "heap_bytes_per_series"));
    }

    /**
     * What a child JVM measured over its CPU window (from 10 % of the samples consumed to all of
     * them), printed as one line on its standard output.
     *
     * @param side {@code floor} or {@code vigil}
     * @param windowSamples samples consumed inside the window
     * @param cpuSeconds the process' CPU time inside the window
     * @param consumed samples consumed in all (must equal the topic's)
     * @param stateBytes the last completed checkpoint's full state size (0 for the floor)
     * @param heapBytes heap used after GC at the end minus before the work started (approximate)
     */
    public record Side(String side, long windowSamples, double cpuSeconds, long consumed, long stateBytes,
            long heapBytes) {
        static final String PREFIX = "vigil-bench-side";

        public double perCpuSecond() {
            return windowSamples / cpuSeconds;
        }

        public String line() {
            return String.format(Locale.ROOT, "%s side=%s window_samples=%d cpu_s=%.6f consumed=%d state_bytes=%d "
                    + "heap_bytes=%d", PREFIX, side, windowSamples, cpuSeconds, consumed, stateBytes, heapBytes);
        }

        static boolean isSideLine(String line) {
            return line.startsWith(PREFIX + " ");
        }

        public static Side parse(String line) {
            Map<String, String> f = fields(PREFIX, line);
            return new Side(f.get("side"), Long.parseLong(f.get("window_samples")), number(f, "cpu_s"),
                    Long.parseLong(f.get("consumed")), Long.parseLong(f.get("state_bytes")),
                    Long.parseLong(f.get("heap_bytes")));
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

    private static double number(Map<String, String> f, String key) {
        String v = f.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing " + key + " in " + f);
        }
        return Double.parseDouble(v);
    }
}
