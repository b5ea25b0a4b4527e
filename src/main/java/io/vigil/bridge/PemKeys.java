package io.vigil.bridge;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * A private key from PEM text in any of the three encodings Kubernetes secrets carry: PKCS#8
 * ({@code BEGIN PRIVATE KEY}), PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}, cert-manager's default)
 * and SEC1 EC ({@code BEGIN EC PRIVATE KEY}). The older two are wrapped into PKCS#8 as the
 * standards define it: the same key bytes behind an algorithm identifier.
 */
final class PemKeys {
    private static final byte[] RSA_ENCRYPTION = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d,
            0x01, 0x01, 0x01}; // OID 1.2.840.113549.1.1.1
    private static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final byte[] NULL = {0x05, 0x00};

    private PemKeys() {}

    /** @throws IllegalArgumentException saying what {@code what} (the file) holds instead of a key */
    static PrivateKey read(String pem, String what) throws GeneralSecurityException {
        byte[] pkcs8;
        if (pem.contains("-----BEGIN PRIVATE KEY-----")) {
            pkcs8 = block(pem, "PRIVATE KEY", what);
        } else if (pem.contains("-----BEGIN RSA PRIVATE KEY-----")) {
            pkcs8 = pkcs8(der(0x30, concat(RSA_ENCRYPTION, NULL)), block(pem, "RSA PRIVATE KEY", what));
        } else if (pem.contains("-----BEGIN EC PRIVATE KEY-----")) {
            byte[] sec1 = block(pem, "EC PRIVATE KEY", what);
            pkcs8 = pkcs8(der(0x30, concat(EC_PUBLIC_KEY, curveOf(sec1, what))), sec1);
        } else if (pem.contains("ENCRYPTED PRIVATE KEY")) {
            throw new IllegalArgumentException(what + " holds an encrypted key: give the bridge an unencrypted one "
                    + "(a Kubernetes secret is the place to protect it)");
        } else {
            throw new IllegalArgumentException(what + " holds no 'BEGIN PRIVATE KEY', 'BEGIN RSA PRIVATE KEY' or "
                    + "'BEGIN EC PRIVATE KEY' block");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pkcs8);
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException(what + ": not a readable RSA, EC or Ed25519 key");
    }

    private static byte[] block(String pem, String type, String what) {
        String begin = "-----BEGIN " + type + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf("-----END " + type + "-----", from);
        if (from < 0 || to < 0) {
            throw new IllegalArgumentException(what + ": the '" + begin + "' block has no end");
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": the '" + begin + "' block is not base64: " + e.getMessage());
        }
    }

    /** PrivateKeyInfo ::= SEQUENCE { version 0, AlgorithmIdentifier, OCTET STRING key } */
    private static byte[] pkcs8(byte[] algorithm, byte[] key) {
        return der(0x30, concat(new byte[] {0x02, 0x01, 0x00}, algorithm, der(0x04, key)));
    }

    /**
     * The named curve of a SEC1 ECPrivateKey ::= SEQUENCE { version 1, OCTET STRING, [0] OID curve
     * OPTIONAL, [1] BIT STRING OPTIONAL }: the OID's whole TLV, which PKCS#8 needs as parameters.
     */
    private static byte[] curveOf(byte[] sec1, String what) {
        try {
            return curveOf(sec1);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": the EC key is not valid DER (" + e.getMessage() + ")");
        }
    }

    private static byte[] curveOf(byte[] sec1) {
        Der seq = new Der(sec1, 0);
        if (seq.tag != 0x30) {
            throw new IllegalArgumentException("not a sequence");
        }
        int at = seq.valueStart;
        while (at < seq.end) {
            Der field = new Der(sec1, at);
            if (field.tag == 0xa0) {
                Der oid = new Der(sec1, field.valueStart);
                if (oid.tag == 0x06) {
                    return java.util.Arrays.copyOfRange(sec1, field.valueStart, oid.end);
                }
            }
            at = field.end;
        }
        throw new IllegalArgumentException("it names no curve; convert it with 'openssl pkcs8 -topk8 -nocrypt'");
    }

    /** One DER tag-length-value header, read at {@code at}. */
    private static final class Der {
        final int tag;
        final int valueStart;
        final int end;

        Der(byte[] b, int at) {
            if (at + 2 > b.length) {
                throw new IllegalArgumentException("truncated DER");
            }
            tag = b[at] & 0xff;
            int len = b[at + 1] & 0xff;
            int p = at + 2;
            if (len > 0x80) {
                int n = len - 0x80;
                if (n > 3 || p + n > b.length) {
                    throw new IllegalArgumentException("bad DER length");
                }
                len = 0;
                for (int i = 0; i < n; i++) {
                    len = len << 8 | b[p++] & 0xff;
                }
            } else if (len == 0x80) {
                throw new IllegalArgumentException("indefinite DER length");
            }
            valueStart = p;
            end = p + len;
            if (end > b.length) {
                throw new IllegalArgumentException("truncated DER");
            }
        }
    }

    private static byte[] der(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
