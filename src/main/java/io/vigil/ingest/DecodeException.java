package io.vigil.ingest;

/** A record that cannot become a sample; the message is the dead-letter reason. Never escapes ingest. */
public final class DecodeException extends Exception {
    public DecodeException(String reason) {
        super(reason, null, false, false);
    }
}
