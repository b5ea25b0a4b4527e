package io.vigil.detect;

import io.vigil.detect.control.GateState;
import io.vigil.detect.store.ModelStore;
import io.vigil.detect.store.SeedCodec;
import io.vigil.detect.store.SeriesSeed;
import io.vigil.detect.store.StoreVersion;
import io.vigil.detect.store.StoreWatcher;
import io.vigil.model.WallClock;

/**
 * Where a series' models come from when the job reads a model store: the first point of a series
 * the job has no models for, and the next point of every series after a newer version is
 * published, takes the series' seed from the version in use (when it has one whose history ends
 * before the point). The series' alert gate is kept, so an anomaly in progress is not reopened.
 * One rule for the stream ({@link ScorePoints}) and the evaluation ({@link SeriesEngine}).
 */
public final class StoreSeeds {
    private final DetectEngine engine;
    private final StoreWatcher watcher;
    private final SeedCodec codec;
    private long seeded;
    private long replaced;

    private StoreSeeds(DetectEngine engine, StoreWatcher watcher) {
        this.engine = engine;
        this.watcher = watcher;
        this.codec = engine.codec();
    }

    /** Seeds for this engine's store, or null when it reads none (detect.models empty). */
    public static StoreSeeds open(DetectEngine engine, WallClock clock) {
        if (!engine.store().configured()) {
            return null;
        }
        return new StoreSeeds(engine, new StoreWatcher(engine.store().location(), engine.expectation(),
                engine.store().reloadEvery().toMillis(), clock));
    }

    /**
     * Checks the store where the job is built, so a version that would be refused fails the start
     * with the reason instead of leaving every series cold; a store with nothing published yet is
     * fine (series start cold until a version is). Returns the version's name, or null.
     */
    public static String verify(DetectEngine engine) {
        if (!engine.store().configured()) {
            return null;
        }
        StoreVersion v = ModelStore.loadCurrent(engine.store().location(), engine.expectation());
        return v == null ? null : v.name();
    }

    /**
     * The series' models from the store for a point at {@code tsMs}, or null to keep {@code current}
     * (the store has nothing newer for it).
     *
     * @param current the series' models now, null when it has none
     */
    public DetectEngine.SeriesModels next(String series, long tsMs, DetectEngine.SeriesModels current) {
        StoreVersion v = watcher.current();
        if (v == null || (current != null && v.name().equals(current.version()))) {
            return null;
        }
        byte[] line = v.take(series, tsMs);
        if (line == null) {
            return null;
        }
        SeriesSeed seed = codec.decode(line);
        if (current == null) {
            seeded++;
        } else {
            replaced++;
        }
        return engine.seeded(seed, v.name(), current == null ? GateState.EMPTY : current.gate());
    }

    /** Series started from a seed. */
    public long seeded() {
        return seeded;
    }

    /** Series whose models a newer version replaced. */
    public long replaced() {
        return replaced;
    }

    /** Versions refused (corrupt or incompatible) since start. */
    public long refused() {
        return watcher.refused();
    }
}
