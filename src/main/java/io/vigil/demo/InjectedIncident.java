package io.vigil.demo;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A fault the demo injects at a known time: {@code signal} of {@code service} is multiplied by
 * {@code factor} (ramped up linearly over the duration when {@code ramp}), and the fault spreads to
 * callers after a delay with their own factor.
 *
 * @param startMin minutes after the scenario start
 */
public record InjectedIncident(
        String description,
        String service,
        Signal signal,
        double factor,
        boolean ramp,
        int startMin,
        int durationMin,
        List<Spread> spreads) {

    /** The fault as seen by a caller: its {@code signal} moves by {@code factor} after {@code delayMin}. */
    public record Spread(String service, Signal signal, double factor, int delayMin) {}

    /** The same fault {@code minutes} later. */
    public InjectedIncident shiftedBy(int minutes) {
        return new InjectedIncident(description, service, signal, factor, ramp, startMin + minutes, durationMin,
                spreads);
    }

    /** The fault's own service and every service it spreads to. */
    public Set<String> services() {
        var out = new LinkedHashSet<String>();
        out.add(service);
        spreads.forEach(s -> out.add(s.service()));
        return out;
    }

    public int endMin() {
        int end = startMin + durationMin;
        for (Spread s : spreads) {
            end = Math.max(end, startMin + durationMin + s.delayMin());
        }
        return end;
    }

    /** Multiplier on (service, signal) at minute m of the scenario; 1 when unaffected. */
    public double effect(String svc, Signal sig, double m) {
        double f = 1.0;
        if (svc.equals(service) && sig == signal) {
            f *= factorAt(m - startMin, factor);
        }
        for (Spread s : spreads) {
            if (svc.equals(s.service()) && sig == s.signal()) {
                f *= factorAt(m - startMin - s.delayMin(), s.factor());
            }
        }
        return f;
    }

    private double factorAt(double elapsedMin, double full) {
        if (elapsedMin < 0 || elapsedMin >= durationMin) {
            return 1.0;
        }
        return ramp ? 1.0 + (full - 1.0) * (elapsedMin + 1) / durationMin : full;
    }
}
