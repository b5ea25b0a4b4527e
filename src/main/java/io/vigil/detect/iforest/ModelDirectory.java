package io.vigil.detect.iforest;

import io.vigil.detect.store.ModelStore;
import io.vigil.detect.store.StoreExpectation;
import io.vigil.detect.store.StoreException;
import io.vigil.detect.store.StoreVersion;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The trained forests the job scores with, by kind and key, swapped for newer ones while it runs.
 * {@code location} is either a model store ({@code vigil train --out}: it holds {@code CURRENT})
 * whose current version's {@code forests/} files are read, checksums checked, whenever
 * {@code CURRENT} names another version; or a plain directory of {@code models.json} and
 * {@code .vif} files, reloaded when {@code models.json}'s modification time changes. Either is looked
 * at every {@code reloadEveryMs}; models that do not load keep the previous ones (and say why), so a
 * half-copied training run never takes scoring down.
 */
public final class ModelDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(ModelDirectory.class);
    /** The folder of a store version that holds its forests. */
    public static final String STORE_FOLDER = "forests/";

    private final String location;
    private final boolean store;
    private final StoreExpectation expected;
    private final long reloadEveryMs;
    /** kind → key → model: a lookup per scored point builds no string. */
    private Map<String, Map<String, ForestModels.Model>> byKind;
    private long checkedAt;
    private String token;

    private ModelDirectory(String location, long stepMs, long reloadEveryMs) {
        this.location = location;
        this.store = ModelStore.isStore(location);
        this.expected = new StoreExpectation(stepMs, Map.of(), Map.of());
        this.reloadEveryMs = reloadEveryMs;
    }

    /**
     * Loads the forests now; ones that do not load are an error here (the job must not start blind).
     *
     * @param stepMs the job's grid step: a store version trained on another is refused
     */
    public static ModelDirectory open(String location, long stepMs, long reloadEveryMs) {
        ModelDirectory m = new ModelDirectory(location, stepMs, reloadEveryMs);
        m.token = m.token();
        m.byKind = index(m.read(m.token));
        return m;
    }

    /** Every model loaded now, of every kind. */
    public List<ForestModels.Model> models() {
        return byKind.values().stream().flatMap(m -> m.values().stream()).toList();
    }

    /** The model of that kind ({@code family}, {@code entity}) and key, or null; may reload first (wall clock {@code nowMs}). */
    public ForestModels.Model forKey(String kind, String key, long nowMs) {
        if (nowMs - checkedAt >= reloadEveryMs) {
            checkedAt = nowMs;
            String t = token();
            if (t != null && !t.equals(token)) {
                token = t;
                try {
                    byKind = index(read(t));
                    LOG.info("iforest: loaded {} models from [location={}]", byKind.values().stream()
                            .mapToInt(Map::size).sum(), location);
                } catch (RuntimeException e) {
                    LOG.warn("iforest: models in [location={}] not reloaded, keeping the previous ones: {}", location,
                            e.getMessage());
                }
            }
        }
        return byKind.getOrDefault(kind, Map.of()).get(key);
    }

    /** What changes when new models are there: the store's current version, or the manifest's modification time. */
    private String token() {
        try {
            return store ? ModelStore.currentName(location)
                    : Long.toString(Files.getLastModifiedTime(Path.of(location).resolve(ForestModels.MANIFEST)).toMillis());
        } catch (IOException e) {
            return null;
        }
    }

    private List<ForestModels.Model> read(String token) {
        try {
            if (!store) {
                return ForestModels.load(Path.of(location));
            }
            if (token == null) {
                throw new IllegalArgumentException("model store " + location + " has no version published yet "
                        + "(train one with 'vigil train --out " + location + "')");
            }
            StoreVersion v = StoreVersion.load(location, token, expected);
            return ForestModels.decode(name -> v.file(STORE_FOLDER + name), location + " version " + token + " "
                    + STORE_FOLDER.substring(0, STORE_FOLDER.length() - 1), "it was trained with --no-forests");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read models from " + location + ": " + e.getMessage(), e);
        } catch (StoreException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static Map<String, Map<String, ForestModels.Model>> index(List<ForestModels.Model> models) {
        Map<String, Map<String, ForestModels.Model>> m = new HashMap<>();
        for (ForestModels.Model x : models) {
            m.computeIfAbsent(x.kind(), k -> new HashMap<>()).put(x.key(), x);
        }
        return m;
    }
}
