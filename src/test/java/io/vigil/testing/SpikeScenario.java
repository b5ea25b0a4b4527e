package io.vigil.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A small known-answer scenario: two services ({@code api} calls {@code db}) with four series scraped
 * every 15 s for three hours of seeded noise. At minute {@link #SPIKE_START_MIN} db's latency jumps
 * fivefold and, a minute later, api's latency triples, both until {@link #SPIKE_END_MIN}. Nothing
 * else is anomalous.
 */
public final class SpikeScenario {
    public static final Instant START = Instant.parse("2026-11-20T09:00:00Z");
    public static final int MINUTES = 180;
    public static final int SCRAPE_S = 15;
    public static final int SPIKE_START_MIN = 120;
    public static final int SPIKE_END_MIN = 128;
    /** Grid points the pipeline must score: 3 gauges × 180 steps + the counter's 179 (its first step is a baseline). */
    public static final int EXPECTED_SCORED_POINTS = 3 * MINUTES + (MINUTES - 1);

    /** One sample: metric, service, epoch ms, value. */
    public record Row(String metric, String service, long timestampMs, double value) {}

    /** db's latency five times its level from {@code startMin} to {@code endMin}, api's triple from a minute later. */
    public record Spike(int startMin, int endMin) {
        boolean db(double minute) {
            return minute >= startMin && minute < endMin;
        }

        boolean api(double minute) {
            return minute >= startMin + 1 && minute < endMin;
        }
    }

    private SpikeScenario() {}

    public static List<Row> rows(long seed) {
        return rows(seed, MINUTES, List.of(new Spike(SPIKE_START_MIN, SPIKE_END_MIN)));
    }

    /**
     * The same services over {@code minutes} with these spikes. The noise is drawn in the same order
     * whatever the spikes, so a longer scenario begins with exactly the rows of a shorter one.
     */
    public static List<Row> rows(long seed, int minutes, List<Spike> spikes) {
        Random r = new Random(seed);
        List<Row> out = new ArrayList<>();
        double requests = 5_000;
        for (int i = 0; i * SCRAPE_S < minutes * 60; i++) {
            double minute = i * SCRAPE_S / 60.0;
            long ts = START.toEpochMilli() + i * SCRAPE_S * 1000L;
            double dbFactor = spikes.stream().anyMatch(s -> s.db(minute)) ? 5 : 1;
            double apiFactor = spikes.stream().anyMatch(s -> s.api(minute)) ? 3 : 1;
            requests += 40 * SCRAPE_S * (1 + 0.05 * r.nextGaussian());
            out.add(new Row("latency_seconds", "db", ts, 0.02 * (1 + 0.05 * r.nextGaussian()) * dbFactor));
            out.add(new Row("latency_seconds", "api", ts, 0.15 * (1 + 0.05 * r.nextGaussian()) * apiFactor));
            out.add(new Row("http_requests_total", "api", ts, Math.floor(requests)));
            out.add(new Row("memory_bytes", "db", ts, 4e8 * (1 + 0.01 * r.nextGaussian())));
        }
        return out;
    }

    /** The prometheus-kafka-adapter JSON of a row (whole-second RFC 3339 timestamp, string value). */
    public static String adapterJson(Row row) {
        return "{\"timestamp\":\"" + Instant.ofEpochMilli(row.timestampMs()) + "\",\"value\":\"" + row.value()
                + "\",\"name\":\"" + row.metric() + "\",\"labels\":{\"__name__\":\"" + row.metric()
                + "\",\"service\":\"" + row.service() + "\",\"namespace\":\"prod\",\"instance\":\"" + row.service()
                + "-1:9100\"}}";
    }

    public static String csvHeader() {
        return "timestamp,metric,value,service,namespace";
    }

    public static String csv(Row row) {
        return Instant.ofEpochMilli(row.timestampMs()) + "," + row.metric() + "," + row.value() + "," + row.service()
                + ",prod";
    }

    /** The header of {@link #adapterCsv}: the labels {@link #adapterJson} gives a sample. */
    public static String adapterCsvHeader() {
        return "timestamp,metric,value,service,namespace,instance";
    }

    /** A row as a replay CSV line with the labels of {@link #adapterJson}, so both name the same series. */
    public static String adapterCsv(Row row) {
        return csv(row) + "," + row.service() + "-1:9100";
    }

    public static long minuteMs(int minute) {
        return START.toEpochMilli() + minute * 60_000L;
    }
}
