package io.vigil.detect.iforest;

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
 * The models of a directory written by {@code vigil train}, by kind and key, swapped for newer ones while the job runs:
 * every {@code reloadEveryMs} it looks at {@code models.json}'s modification time and, when it
 * changed, loads the whole directory; a directory that does not load keeps the previous models (and
 * says why), so a half-copied training run never takes scoring down.
 */
public final class ModelDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(ModelDirectory.class);

    private final Path dir;
    private final long reloadEveryMs;
    /** kind → key → model: a lookup per scored point builds no string. */
    private Map<String, Map<String, ForestModels.Model>> byKind;
    private long checkedAt;
    private long modified;

    private ModelDirectory(Path dir, long reloadEveryMs) {
        this.dir = dir;
        this.reloadEveryMs = reloadEveryMs;
    }

    /** Loads the directory now; a directory that does not load is an error here (the job must not start blind). */
    public static ModelDirectory open(Path dir, long reloadEveryMs) {
        ModelDirectory m = new ModelDirectory(dir, reloadEveryMs);
        m.modified = m.manifestModified();
        m.byKind = index(m.read());
        return m;
    }

    /** The model of that kind ({@code family}, {@code entity}) and key, or null; may reload first (wall clock {@code nowMs}). */
    public ForestModels.Model forKey(String kind, String key, long nowMs) {
        if (nowMs - checkedAt >= reloadEveryMs) {
            checkedAt = nowMs;
            long m = manifestModified();
            if (m != modified) {
                modified = m;
                try {
                    byKind = index(read());
                    LOG.info("iforest: loaded {} models from [dir={}]", byKind.values().stream().mapToInt(Map::size).sum(), dir);
                } catch (RuntimeException e) {
                    LOG.warn("iforest: models in [dir={}] not reloaded, keeping the previous ones: {}", dir, e.getMessage());
                }
            }
        }
        return byKind.getOrDefault(kind, Map.of()).get(key);
    }

    private List<ForestModels.Model> read() {
        try {
            return ForestModels.load(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read models from " + dir + ": " + e.getMessage(), e);
        }
    }

    private long manifestModified() {
        try {
            return Files.getLastModifiedTime(dir.resolve(ForestModels.MANIFEST)).toMillis();
        } catch (IOException e) {
            return -1;
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
