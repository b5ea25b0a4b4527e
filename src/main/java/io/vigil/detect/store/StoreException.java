package io.vigil.detect.store;

/** A model store, or one version of it, that cannot be used: the message names the store, the version and why. */
public final class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
