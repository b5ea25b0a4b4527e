package io.vigil.model;

import java.util.Map;

/**
 * A deploy, config change or scaling event ({@code vigil.changes}):
 * {@code {"timestamp":..., "service":"cart", "kind":"deploy", "description":"v1.4.2", "labels":{...}}}.
 * Changes on a root-cause candidate shortly before an incident are attached to it and raise it.
 */
public record ChangeEvent(long timestampMs, String service, String kind, String description,
        Map<String, String> labels) {}
