package io.vigil.alert;

import io.vigil.model.Hashes;
import io.vigil.model.Incident;

import java.util.Map;
import java.util.TreeMap;

/**
 * An alert's fingerprint: a hash of the labels that identify what is alerting — alert name, the
 * incident's origin service and its scope — and not of severity, which changes as an incident grows.
 * The same fault recurring on the same service within the rate limit therefore shares one
 * fingerprint and is not paged again.
 */
public final class AlertFingerprints {
    private AlertFingerprints() {}

    public static String of(String alertName, Incident inc) {
        Map<String, String> identity = new TreeMap<>(inc.scope());
        identity.put("alertname", alertName);
        identity.put("service", inc.origin());
        return Hashes.shortId(identity.toString());
    }
}
