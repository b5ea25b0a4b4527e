package io.vigil.bench;

import io.vigil.demo.MetricsProducer;
import io.vigil.ingest.proto.Label;
import io.vigil.ingest.proto.Sample;
import io.vigil.ingest.proto.TimeSeries;
import io.vigil.model.SeriesIds;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The bench's series, shared by the backlog ({@link BenchData}) and the live feed
 * ({@link LiveFeed}): gauges named after four common metrics, 20 per {@code service} label (a
 * service's metrics share incidents as a real service's do), 4 per {@code instance} unless told
 * otherwise (more make the instances entities the entity judge judges: a {@code core} label then
 * tells an instance's series of one metric apart, as node exporter's per-CPU series). Each is a daily
 * sine of its own phase and level plus Gaussian noise of {@value #NOISE} of the curve, so the
 * detectors have a season to learn and one noise sigma is known. Each is keyed by its name and
 * labels and always goes to the same partition, so its samples stay in order.
 */
final class BenchSeries {
    /** The noise's standard deviation as a share of the series' curve. */
    static final double NOISE = 0.02;
    private static final String[] METRICS = {"http_requests_per_second", "request_latency_seconds",
        "cpu_usage_ratio", "memory_used_bytes"};
    /** Series per service label. */
    static final int SERIES_PER_SERVICE = 20;
    /** Series per instance label unless told otherwise: below the entity judge's default {@code min-series}. */
    static final int SERIES_PER_INSTANCE = 4;
    private static final double DAY_MS = 86_400_000.0;

    private final int partitions;
    private final String[] names;
    private final Map<String, String>[] labels;
    private final byte[][] keys;
    private final double[] level;
    private final double[] phase;

    /**
     * Draws each series' level and phase from {@code random}, in series order.
     *
     * @param perInstance series per {@code instance} label: a divisor of {@value #SERIES_PER_SERVICE},
     *     so an instance stays in one service
     */
    @SuppressWarnings("unchecked")
    BenchSeries(int series, int partitions, Random random, int perInstance) {
        if (series < 1 || partitions < 1) {
            throw new IllegalArgumentException("series and partitions must be positive: " + series + ", "
                    + partitions);
        }
        checkPerInstance(perInstance);
        this.partitions = partitions;
        names = new String[series];
        labels = new Map[series];
        keys = new byte[series][];
        level = new double[series];
        phase = new double[series];
        for (int i = 0; i < series; i++) {
            String metric = METRICS[i % METRICS.length];
            String service = service(i);
            Map<String, String> l = new LinkedHashMap<>();
            l.put("__name__", metric);
            l.put("job", "bench");
            l.put("service", service);
            l.put("namespace", "bench");
            int inService = i % SERIES_PER_SERVICE;
            l.put("instance", service + "-" + inService / perInstance + ":9100");
            if (perInstance > METRICS.length) {
                l.put("core", Integer.toString(inService % perInstance / METRICS.length));
            }
            names[i] = metric;
            labels[i] = l;
            keys[i] = (metric + l).getBytes(StandardCharsets.UTF_8);
            level[i] = 10 + 990 * random.nextDouble();
            phase[i] = random.nextDouble() * DAY_MS;
        }
    }

    /** Fails unless {@code perInstance} divides {@value #SERIES_PER_SERVICE}. */
    static void checkPerInstance(int perInstance) {
        if (perInstance < 1 || SERIES_PER_SERVICE % perInstance != 0) {
            throw new IllegalArgumentException("--series-per-instance must divide " + SERIES_PER_SERVICE
                    + " (1, 2, 4, 5, 10 or 20), so an instance stays in one service: " + perInstance);
        }
    }

    int size() {
        return names.length;
    }

    /** Series {@code i}'s id as the job builds it (name and sorted labels), as alerts and logs name it. */
    String id(int i) {
        return SeriesIds.of(names[i], labels[i]);
    }

    /** The {@code service} label of series {@code i}. */
    static String service(int i) {
        return "svc-" + i / SERIES_PER_SERVICE;
    }

    /** How many services {@code series} series span. */
    static int services(int series) {
        return (series + SERIES_PER_SERVICE - 1) / SERIES_PER_SERVICE;
    }

    int partition(int i) {
        return i % partitions;
    }

    byte[] key(int i) {
        return keys[i];
    }

    /** The series' curve at {@code tsMs}, without noise: one noise sigma is {@link #NOISE} of it. */
    double curve(int i, long tsMs) {
        return level[i] * (1 + 0.3 * Math.sin(2 * Math.PI * (tsMs + phase[i]) / DAY_MS));
    }

    /** A normal sample of series {@code i} at {@code tsMs}: the curve plus one draw of the noise. */
    double sample(int i, long tsMs, Random random) {
        return curve(i, tsMs) * (1 + NOISE * random.nextGaussian());
    }

    /** Series {@code i}'s sample as a remote-write time series: its labels sorted, {@code __name__} among them. */
    TimeSeries timeSeries(int i, long tsMs, double value) {
        TimeSeries.Builder b = TimeSeries.newBuilder();
        new TreeMap<>(labels[i]).forEach((k, v) -> b.addLabels(Label.newBuilder().setName(k).setValue(v)));
        return b.addSamples(Sample.newBuilder().setValue(value).setTimestamp(tsMs)).build();
    }

    /** Series {@code i}'s sample as prometheus-kafka-adapter JSON (the demo's encoder). */
    byte[] json(int i, long tsMs, double value) {
        return MetricsProducer.adapterJson(tsMs, value, names[i], labels[i]).getBytes(StandardCharsets.UTF_8);
    }
}
