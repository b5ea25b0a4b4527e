package io.vigil.detect.lstm;

import io.vigil.detect.store.StoreVersion;
import io.vigil.detect.store.StoreWatcher;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The families' networks one scoring subtask uses: those of the model store's current version
 * ({@code lstm/models.bin}, written by {@code vigil train}) and those the stream fitted; for a family
 * with both, the one trained on later data. A version whose networks do not read leaves the previous
 * ones in use (and says why).
 */
public final class LstmFamilies {
    private static final Logger LOG = LoggerFactory.getLogger(LstmFamilies.class);
    /** The store file that holds a version's networks. */
    public static final String STORE_FILE = "lstm/models.bin";

    private final StoreWatcher store;
    private final Map<String, LstmModel> fitted = new HashMap<>();
    private StoreVersion seen;
    private Map<String, LstmModel> stored = Map.of();

    /** {@code store}: the model store's watcher, null when no store is configured. */
    LstmFamilies(StoreWatcher store) {
        this.store = store;
    }

    /** The family's network, or null while it has none. */
    LstmModel forFamily(String family) {
        if (store != null) {
            StoreVersion v = store.current();
            if (v != seen) {
                seen = v;
                try {
                    stored = index(v);
                } catch (IllegalArgumentException e) {
                    // Checksums held, so another Vigil wrote it: keep scoring with what we have.
                    LOG.error("lstm: networks of model store version {} not read, keeping the previous ones: {}",
                            v.name(), e.getMessage());
                }
            }
        }
        LstmModel a = fitted.get(family);
        LstmModel b = stored.get(family);
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return b.trainedUntilMs() > a.trainedUntilMs() ? b : a;
    }

    /** A network fitted in the stream replaces the family's previous one. */
    void put(LstmModel m) {
        fitted.put(m.family(), m);
    }

    private static Map<String, LstmModel> index(StoreVersion v) {
        byte[] file = v == null ? null : v.file(STORE_FILE);
        if (file == null) {
            return Map.of();
        }
        List<LstmModel> models = LstmModel.decodeAll(file, "model store " + v.location() + " version " + v.name() + " "
                + STORE_FILE);
        Map<String, LstmModel> m = new HashMap<>();
        for (LstmModel x : models) {
            m.put(x.family(), x);
        }
        return m;
    }
}
