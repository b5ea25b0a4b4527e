package io.vigil.bridge;

import io.vigil.config.BridgeConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Checks the {@code Authorization} header of a write: a bearer token or basic credentials, compared
 * in constant time. Secrets come from files (read once at start, trailing newline ignored) and are
 * never logged. With neither configured every write is let in.
 */
final class Authenticator {
    private final byte[] expected;
    private final String scheme;

    private Authenticator(String scheme, byte[] expected) {
        this.scheme = scheme;
        this.expected = expected;
    }

    static Authenticator from(BridgeConfig c) {
        if (!c.bearerTokenFile().isEmpty()) {
            return new Authenticator("Bearer", ("Bearer " + secret(c.bearerTokenFile(), "bridge.auth.bearer-token-file"))
                    .getBytes(StandardCharsets.UTF_8));
        }
        if (!c.basicUser().isEmpty()) {
            String pair = c.basicUser() + ":" + secret(c.basicPasswordFile(), "bridge.auth.basic-password-file");
            return new Authenticator("Basic", ("Basic " + Base64.getEncoder().encodeToString(
                    pair.getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8));
        }
        return new Authenticator(null, null);
    }

    boolean required() {
        return scheme != null;
    }

    /** The scheme to name in {@code WWW-Authenticate} when a write is refused. */
    String scheme() {
        return scheme;
    }

    boolean allows(String authorization) {
        if (scheme == null) {
            return true;
        }
        return authorization != null
                && MessageDigest.isEqual(expected, authorization.trim().getBytes(StandardCharsets.UTF_8));
    }

    private static String secret(String file, String key) {
        try {
            String s = Files.readString(Path.of(file)).strip();
            if (s.isEmpty()) {
                throw new IllegalArgumentException(key + ": file " + file + " is empty");
            }
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(key + ": cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
