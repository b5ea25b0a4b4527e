package io.vigil.eval;

import java.util.Set;

/**
 * A labelled incident interval: what an operator marked as a real incident.
 *
 * @param services the services it concerns; empty = any series counts
 * @param description free text (may be empty)
 */
public record LabelledIncident(long startMs, long endMs, Set<String> services, String description) {
    public LabelledIncident {
        if (endMs < startMs) {
            throw new IllegalArgumentException("labelled incident ends before it starts: " + description);
        }
        services = Set.copyOf(services);
    }

    /** True when {@code service} is one this label concerns. */
    public boolean concerns(String service) {
        return services.isEmpty() || services.contains(service);
    }
}
