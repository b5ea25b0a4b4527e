package io.vigil.demo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates one scrape of every demo series at a time: a daily load curve (peak 15:00 UTC), noise
 * of realistic size, counters that accumulate, and the injected faults' effects. A process restart
 * after the memory leak resets that service's counters, as a real restart does. Deterministic for
 * a seed.
 */
public final class SyntheticMetrics {
    /** One generated sample. */
    public record Sample(String service, Signal signal, long timestampMs, double value) {}

    private static final Map<String, Double> BASE_RPS = Map.of("frontend", 120.0, "checkout", 30.0,
            "catalog", 80.0, "cart", 40.0, "payment", 25.0, "inventory", 100.0);
    private static final Map<String, Double> BASE_LATENCY = Map.of("frontend", 0.25, "checkout", 0.18,
            "catalog", 0.09, "cart", 0.06, "payment", 0.12, "inventory", 0.03);
    private static final Map<String, Double> BASE_MEMORY_MB = Map.of("frontend", 420.0, "checkout", 310.0,
            "catalog", 560.0, "cart", 260.0, "payment", 200.0, "inventory", 700.0);
    private static final double ERROR_RATIO = 0.01;

    private final List<InjectedIncident> incidents;
    private final Random random;
    private final Map<String, double[]> counters = new HashMap<>();
    private final Map<String, Integer> restartedAfterMin = new HashMap<>();

    public SyntheticMetrics(List<InjectedIncident> incidents, long seed) {
        this.incidents = incidents;
        this.random = new Random(seed);
        for (String s : DemoScenario.SERVICES) {
            // Counters start where a process that has been up for a while would be.
            counters.put(s, new double[] {1e6 + random.nextInt(100_000), 1e4, 5e3, 0, 0});
        }
    }

    /** Every series' sample for the scrape at {@code minute} of the scenario ({@code intervalS} apart). */
    public List<Sample> scrape(double minute, int intervalS) {
        long ts = DemoScenario.START.toEpochMilli() + Math.round(minute * 60_000);
        double hour = (DemoScenario.START.toEpochMilli() / 3_600_000.0 + minute / 60.0) % 24;
        double load = 1 + 0.6 * Math.sin(2 * Math.PI * (hour - 9) / 24);
        List<Sample> out = new ArrayList<>(DemoScenario.SERVICES.size() * Signal.values().length);
        for (String svc : DemoScenario.SERVICES) {
            maybeRestart(svc, minute);
            double[] c = counters.get(svc);
            double rps = BASE_RPS.get(svc) * load * noise(0.05) * effect(svc, Signal.TRAFFIC, minute);
            double errors = rps * ERROR_RATIO * noise(0.15) * effect(svc, Signal.ERRORS, minute);
            double cpu = (0.1 + 0.004 * rps) * noise(0.05) * effect(svc, Signal.CPU, minute);
            c[0] += Math.max(0, rps * intervalS);
            c[1] += Math.max(0, errors * intervalS);
            c[2] += Math.max(0, cpu * intervalS);
            double latency = BASE_LATENCY.get(svc) * (1 + 0.25 * (load - 1)) * Math.exp(0.06 * random.nextGaussian())
                    * effect(svc, Signal.LATENCY, minute);
            double memory = BASE_MEMORY_MB.get(svc) * 1e6 * (1 + 0.03 * Math.sin(2 * Math.PI * minute / 40))
                    * noise(0.01) * effect(svc, Signal.MEMORY, minute);
            out.add(new Sample(svc, Signal.TRAFFIC, ts, Math.floor(c[0])));
            out.add(new Sample(svc, Signal.ERRORS, ts, Math.floor(c[1])));
            out.add(new Sample(svc, Signal.LATENCY, ts, latency));
            out.add(new Sample(svc, Signal.CPU, ts, c[2]));
            out.add(new Sample(svc, Signal.MEMORY, ts, Math.floor(memory)));
        }
        return out;
    }

    private double noise(double relative) {
        return Math.max(0.0, 1 + relative * random.nextGaussian());
    }

    private double effect(String svc, Signal signal, double minute) {
        double f = 1.0;
        for (InjectedIncident i : incidents) {
            f *= i.effect(svc, signal, minute);
        }
        return f;
    }

    /** A memory leak ends in an OOM kill: the process restarts and its counters start from zero. */
    private void maybeRestart(String svc, double minute) {
        for (InjectedIncident i : incidents) {
            int end = i.startMin() + i.durationMin();
            if (i.service().equals(svc) && i.signal() == Signal.MEMORY && minute >= end
                    && !restartedAfterMin.containsKey(svc + end)) {
                restartedAfterMin.put(svc + end, end);
                double[] c = counters.get(svc);
                c[0] = 0;
                c[1] = 0;
                c[2] = 0;
            }
        }
    }
}
