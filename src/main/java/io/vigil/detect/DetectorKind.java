package io.vigil.detect;

import java.io.IOException;
import java.io.Serializable;

/**
 * Creates and restores one kind of {@link SeriesDetector} for a job (a {@link DetectorModule} bound to
 * its settings); the scorer keeps one keyed state per kind, named by {@link #stateName()}.
 */
public interface DetectorKind<S> extends Serializable {
    /** Short name used in the anomalies' {@code detectors} map, e.g. {@code robust}. */
    String name();

    /** State descriptor name; a new name whenever the state layout changes (with a migration note). */
    String stateName();

    Class<S> stateClass();

    SeriesDetector<S> create();

    SeriesDetector<S> restore(S state);

    /**
     * True for a cold-start detector: it stands in only while no other detector is warm, because a
     * model that knows the series' shape judges it better than a rolling statistic does.
     */
    default boolean fallback() {
        return false;
    }

    /**
     * Whether this detector, once warm, silences the cold-start ones (true for models of the series'
     * shape). A detector that sees only some kinds of anomaly says false.
     */
    default boolean replacesColdStart() {
        return !fallback();
    }

    /**
     * True for a detector of evidence over time: it runs after the others on the residual of the
     * primary one (the first warm counting detector with a band), never is that primary itself, and
     * does not bench the cold-start detectors.
     */
    default boolean onResiduals() {
        return false;
    }

    /**
     * The tail shape its calibrators assume until a series has shown its own (see
     * {@link io.vigil.detect.calibrate.TailCalibrator.Settings#of(io.vigil.config.DetectConfig.CalibrationConfig, double)}).
     */
    default double priorTailShape() {
        return io.vigil.detect.calibrate.TailCalibrator.PRIOR_SHAPE;
    }

    /**
     * How the scorer keeps this kind's state in keyed state when part of it is a long history only
     * some points touch ({@link StateSplit}); null (the default) keeps it as one value.
     */
    default StateSplit<S> split() {
        return null;
    }

    /** A model shared by many series (see {@link DetectorModule#sharedModels}) reached this scorer. */
    default void acceptShared(String key, byte[] model) throws IOException {
        throw new IllegalStateException("detector " + name() + " takes no shared models (got one for " + key + ")");
    }
}
