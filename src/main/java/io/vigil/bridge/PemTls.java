package io.vigil.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * An SSLContext from the PEM files Kubernetes secrets and cert-manager hand out ({@code tls.crt},
 * {@code tls.key}). Keys must be PKCS#8 ({@code BEGIN PRIVATE KEY}); older PKCS#1 files get an
 * error that says how to convert them.
 */
final class PemTls {
    private PemTls() {}

    static SSLContext context(Path certFile, Path keyFile) {
        try {
            Collection<? extends Certificate> chain;
            try (InputStream in = Files.newInputStream(certFile)) {
                chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("bridge.tls.cert-file " + certFile + " holds no certificate");
            }
            PrivateKey key = privateKey(keyFile);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            char[] none = new char[0];
            ks.setKeyEntry("bridge", key, none, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, none);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("bridge.tls: cannot load " + certFile + " / " + keyFile + ": "
                    + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        String pem = Files.readString(file);
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")) {
            throw new IllegalArgumentException("bridge.tls.key-file " + file + " is PKCS#1/SEC1; convert it with "
                    + "'openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem'");
        }
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("bridge.tls.key-file " + file + " holds no 'BEGIN PRIVATE KEY' block");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("bridge.tls.key-file " + file + ": not an RSA, EC or Ed25519 key");
    }
}
