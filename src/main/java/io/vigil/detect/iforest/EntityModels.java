package io.vigil.detect.iforest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The entity models of a model directory, by entity, swapped for newer ones while the job runs:
 * every {@code reloadEveryMs} it looks at {@code models.json}'s modification time and, when it
 * changed, loads the whole directory; a directory that does not load keeps the previous models (and
 * says why), so a half-copied training run never takes scoring down.
 */
public final class EntityModels {
    private final Path dir;
    private final long reloadEveryMs;
    private final Consumer<String> log;
    private Map<String, ForestModels.Model> byEntity;
    private long checkedAt;
    private long modified;

    private EntityModels(Path dir, long reloadEveryMs, Consumer<String> log) {
        this.dir = dir;
        this.reloadEveryMs = reloadEveryMs;
        this.log = log;
    }

    /** Loads the directory now; a directory that does not load is an error here (the job must not start blind). */
    public static EntityModels open(Path dir, long reloadEveryMs, Consumer<String> log) {
        EntityModels m = new EntityModels(dir, reloadEveryMs, log);
        m.modified = m.manifestModified();
        m.byEntity = index(m.read());
        return m;
    }

    /** The entity's model, or null; may reload first (wall clock {@code nowMs}). */
    public ForestModels.Model forEntity(String entity, long nowMs) {
        if (nowMs - checkedAt >= reloadEveryMs) {
            checkedAt = nowMs;
            long m = manifestModified();
            if (m != modified) {
                modified = m;
                try {
                    byEntity = index(read());
                    log.accept("iforest: loaded " + byEntity.size() + " entity models from " + dir);
                } catch (RuntimeException e) {
                    log.accept("iforest: keeping the previous models; " + e.getMessage());
                }
            }
        }
        return byEntity.get(entity);
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

    private static Map<String, ForestModels.Model> index(List<ForestModels.Model> models) {
        Map<String, ForestModels.Model> m = new HashMap<>();
        for (ForestModels.Model x : models) {
            if (x.kind().equals("entity")) {
                m.put(x.key(), x);
            }
        }
        return m;
    }
}
