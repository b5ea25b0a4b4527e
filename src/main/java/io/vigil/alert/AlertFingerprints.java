package io.vigil.alert;

import io.vigil.model.Incident;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] d = sha.digest(identity.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
