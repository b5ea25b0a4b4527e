package io.vigil.detect.store;

import io.vigil.model.WallClock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * The store version a running scorer uses: loaded at start, and again when {@code CURRENT} names
 * another one (looked at every {@code reloadEveryMs} of wall clock). A version that does not load
 * (corrupt, incompatible, half copied by hand) is refused with the reason in the log and counted,
 * and the previous one stays in use; it is not tried again until {@code CURRENT} changes. Not
 * thread-safe: one per operator instance.
 */
public final class StoreWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(StoreWatcher.class);

    private final String location;
    private final StoreExpectation expected;
    private final long reloadEveryMs;
    private final WallClock clock;
    private StoreVersion current;
    private String seen;
    private long nextCheck;
    private long refused;

    public StoreWatcher(String location, StoreExpectation expected, long reloadEveryMs, WallClock clock) {
        this.location = location;
        this.expected = expected;
        this.reloadEveryMs = reloadEveryMs;
        this.clock = clock;
        poll();
    }

    /** The version in use, or null while the store has none that loads. */
    public StoreVersion current() {
        if (clock.millis() >= nextCheck) {
            poll();
        }
        return current;
    }

    /** Versions refused since start. */
    public long refused() {
        return refused;
    }

    private void poll() {
        nextCheck = clock.millis() + reloadEveryMs;
        String name;
        try {
            name = ModelStore.currentName(location);
        } catch (IOException e) {
            LOG.warn("model store [location={}]: {} not readable, keeping version {}: {}", location,
                    ModelStore.CURRENT, current == null ? "none" : current.name(), e.getMessage());
            return;
        }
        if (name == null || name.equals(seen)) {
            return;
        }
        seen = name;
        try {
            StoreVersion v = StoreVersion.load(location, name, expected);
            LOG.info("model store [location={}]: using version {} ({} series, history {} to {})", location, name,
                    v.manifest().series(), v.manifest().historyFromMs(), v.manifest().historyToMs());
            current = v;
        } catch (StoreException e) {
            refused++;
            LOG.error("model store [location={}]: version {} refused, keeping version {}: {}", location, name,
                    current == null ? "none" : current.name(), e.getMessage());
        }
    }
}
