package io.vigil.model;

import java.io.Serializable;

/**
 * Wall-clock time for the few things that are not event time (when a dead letter was written, when
 * to look for a newer model file). Operators take one in their constructor instead of reading
 * {@code System.currentTimeMillis()}, so tests can set the time; it travels with the operator, so
 * it is serializable.
 */
@FunctionalInterface
public interface WallClock extends Serializable {
    long millis();

    /** The machine's clock. */
    static WallClock system() {
        return System::currentTimeMillis;
    }

    /** A clock stopped at {@code ms} (tests). */
    static WallClock fixed(long ms) {
        return () -> ms;
    }
}
