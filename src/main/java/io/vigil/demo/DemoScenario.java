package io.vigil.demo;

import io.vigil.demo.InjectedIncident.Spread;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The demo's shop: six services, who calls whom, and the faults injected into a working day.
 * Faults in a dependency spread to its callers, as they do in real systems.
 */
public final class DemoScenario {
    /** Monday 2026-11-23 06:00 UTC: the scenario covers the morning ramp-up of a working day. */
    public static final Instant START = Instant.parse("2026-11-23T06:00:00Z");
    public static final String NAMESPACE = "shop";

    /** Service → the services it calls. */
    public static final Map<String, List<String>> CALLS = Map.of(
            "frontend", List.of("checkout", "catalog"),
            "checkout", List.of("payment", "cart"),
            "catalog", List.of("inventory"),
            "cart", List.of("inventory"),
            "payment", List.of(),
            "inventory", List.of());

    public static final List<String> SERVICES =
            List.of("frontend", "checkout", "catalog", "cart", "payment", "inventory");

    /** Length of the fault schedule; longer scenarios repeat it. */
    static final int CYCLE_MIN = 12 * 60;

    private DemoScenario() {}

    /** The faults, in time order, that fit into {@code hours} of scenario time. */
    public static List<InjectedIncident> incidents(int hours) {
        List<InjectedIncident> all = List.of(
                new InjectedIncident("payment latency x4 (slow card processor), spreading to checkout and frontend",
                        "payment", Signal.LATENCY, 4.0, false, 150, 12, List.of(
                                new Spread("checkout", Signal.LATENCY, 2.5, 1),
                                new Spread("frontend", Signal.LATENCY, 1.8, 2))),
                new InjectedIncident("catalog CPU saturation x3 (runaway reindex job)",
                        "catalog", Signal.CPU, 3.0, false, 280, 10, List.of()),
                new InjectedIncident("inventory error burst x25 (database failover), spreading to cart and catalog",
                        "inventory", Signal.ERRORS, 25.0, false, 420, 8, List.of(
                                new Spread("cart", Signal.ERRORS, 10.0, 1),
                                new Spread("catalog", Signal.ERRORS, 10.0, 1))),
                new InjectedIncident("cart memory leak (+80% over 15 min)",
                        "cart", Signal.MEMORY, 1.8, true, 560, 15, List.of()),
                new InjectedIncident("frontend traffic drop to 30% (CDN misrouting)",
                        "frontend", Signal.TRAFFIC, 0.3, false, 645, 10, List.of()));
        // Longer scenarios repeat the 12-hour schedule, so a multi-day file holds many known faults.
        List<InjectedIncident> out = new ArrayList<>();
        for (int cycle = 0; cycle * CYCLE_MIN < hours * 60; cycle++) {
            for (InjectedIncident i : all) {
                InjectedIncident shifted = i.shiftedBy(cycle * CYCLE_MIN);
                if (shifted.endMin() + 15 <= hours * 60) {
                    out.add(shifted);
                }
            }
        }
        return out;
    }
}
