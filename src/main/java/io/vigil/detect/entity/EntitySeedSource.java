package io.vigil.detect.entity;

import io.vigil.config.DetectConfig.CalibrationConfig;
import io.vigil.config.DetectConfig.ModelsConfig;
import io.vigil.detect.store.StoreException;
import io.vigil.detect.store.StoreVersion;
import io.vigil.detect.store.StoreWatcher;
import io.vigil.model.WallClock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * Where an entity's state comes from the first time the job sees it, when the job reads a model
 * store: the current version's {@link EntitySeeds#FILE}, if its history ended before the step.
 * Afterwards the entity refits in the stream (daily), so a newer version seeds only entities not
 * seen yet. A version is checked like the series' (same step, the same entity and calibration
 * settings, the same state layout); one that does not load keeps the previous one. One per subtask.
 */
final class EntitySeedSource {
    private static final Logger LOG = LoggerFactory.getLogger(EntitySeedSource.class);

    private final StoreWatcher watcher;
    private String loaded;
    private Map<String, EntitySeeds.EntitySeed> seeds = Map.of();

    /** An entity's seed and the version it came from. */
    record Taken(EntitySeeds.EntitySeed seed, String version) {}

    private EntitySeedSource(StoreWatcher watcher) {
        this.watcher = watcher;
    }

    /** The seeds of {@code store}, or null when the job reads none. */
    static EntitySeedSource open(ModelsConfig store, EntityConfig config, long stepMs, CalibrationConfig calibration,
            WallClock clock) {
        if (!store.configured()) {
            return null;
        }
        return new EntitySeedSource(new StoreWatcher(store.location(), EntitySeeds.expectation(config, stepMs,
                calibration), store.reloadEvery().toMillis(), clock));
    }

    /** Entity {@code key}'s seed for step {@code step} (handed out once), or null. */
    Taken take(String key, long step) {
        StoreVersion v = watcher.current();
        if (v == null) {
            return null;
        }
        if (!v.name().equals(loaded)) {
            loaded = v.name();
            seeds = new HashMap<>();
            try {
                byte[] gz = v.file(EntitySeeds.FILE);
                if (gz != null) {
                    seeds = EntitySeeds.decode(gz, "model store " + v.location() + " version " + v.name() + " "
                            + EntitySeeds.FILE);
                }
            } catch (StoreException e) {
                LOG.error("entities of version {} start cold: {}", v.name(), e.getMessage());
            }
        }
        EntitySeeds.EntitySeed s = seeds.get(key);
        if (s == null || step <= s.untilMs()) {
            return null;
        }
        seeds.remove(key);
        return new Taken(s, loaded);
    }
}
