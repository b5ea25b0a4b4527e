package io.vigil.detect;

import io.vigil.config.DetectorCatalog;
import io.vigil.config.DetectorSettings;
import io.vigil.model.FeatureVector;
import io.vigil.model.GridPoint;
import io.vigil.model.ScoredPoint;

import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.streaming.api.datastream.DataStream;

import java.util.List;

/**
 * One detector as a module: its configuration section ({@code detect.<name>.*}: options, a settings
 * record that validates itself, the options' documentation), the kind that scores each series from
 * its own versioned state, and, optionally, models shared by many series (fitted in the stream and
 * broadcast to every scorer) and anomalies of whole entities. Adding a detector is one package with
 * a module and one line in {@link DetectorModules}; the engine, the job, the evaluation, the
 * configuration loader and the serialization test find it there.
 */
public interface DetectorModule<C extends DetectorSettings> extends DetectorCatalog.Section<C> {
    Class<C> settingsType();

    /** The kind that scores series with these settings (called once per job, when it is built). */
    DetectorKind<?> kind(C settings, DetectorContext context);

    /** Records this module keeps in state or sends between operators, besides its kind's state. */
    default List<Class<?>> recordTypes() {
        return List.of();
    }

    /**
     * The stream of shared models fitted from the features (each goes to every scorer, whose kind
     * receives it in {@link DetectorKind#acceptShared}), or null when the module has none.
     */
    default DataStream<SharedModel> sharedModels(DataStream<FeatureVector> features, C settings,
            DetectorContext context) {
        return null;
    }

    /**
     * The same fitting in memory, for the evaluation driver: fed every scored point in order, it
     * returns the models the stream would broadcast at that point. Null when the module has none.
     */
    default SharedLearner learner(C settings, DetectorContext context) {
        return null;
    }

    /** Anomalies of whole entities (several series judged together), or null when the module has none. */
    default DataStream<ScoredPoint> entityAnomalies(DataStream<GridPoint> grid, C settings, DetectorContext context) {
        return null;
    }

    /**
     * The scored series points after this module has judged them together (an entity stage may
     * demote point anomalies and add entity anomalies); unchanged by default. A module that judges
     * lets only the points {@code onward} keeps go on (every point it judges still reaches it): the
     * rest would cross to the correlate stage for nothing. The pipeline filters a stream no module
     * judged itself.
     */
    default DataStream<ScoredPoint> judged(DataStream<ScoredPoint> scored, C settings, DetectorContext context,
            FilterFunction<ScoredPoint> onward) {
        return scored;
    }
}
