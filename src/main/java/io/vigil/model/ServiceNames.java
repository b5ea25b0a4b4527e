package io.vigil.model;

import java.util.List;
import java.util.Map;

/** Which service a series belongs to: the first of the configured labels that is set. */
public final class ServiceNames {
    private ServiceNames() {}

    public static String of(Map<String, String> labels, List<String> serviceLabels) {
        String label = FirstLabel.of(labels, serviceLabels);
        return label == null ? "" : labels.get(label);
    }
}
