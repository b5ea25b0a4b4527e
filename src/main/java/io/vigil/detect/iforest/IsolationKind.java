package io.vigil.detect.iforest;

import io.vigil.detect.DetectorKind;
import io.vigil.detect.SeriesDetector;
import io.vigil.model.WallClock;

import java.io.IOException;

/**
 * The family-forest detector (state {@link IsolationState}, descriptor {@code detector-iforest-v1}).
 * Its models are shared by every series of a family, so they live in this kind's {@link FamilyForests}
 * (one per scoring subtask, never in Flink state as objects), not in the series' state: the trained
 * directory is opened on first use, stream fits arrive through {@link #acceptShared}.
 */
public final class IsolationKind implements DetectorKind<IsolationState> {
    public static final String NAME = IsolationModule.NAME;

    private final IsolationConfig config;
    private final WallClock clock;
    private final long stepMs;
    private transient FamilyForests forests;

    /** {@code stepMs}: the job's grid step (trained models of another are refused). */
    public IsolationKind(IsolationConfig config, long stepMs, WallClock clock) {
        this.config = config;
        this.stepMs = stepMs;
        this.clock = clock;
    }

    /** This subtask's family models (opens the model directory on first use). */
    FamilyForests forests() {
        if (forests == null) {
            forests = new FamilyForests(config.hasModels() ? ModelDirectory.open(config.models(), stepMs,
                    config.reloadEvery().toMillis()) : null);
        }
        return forests;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * The forest does not stand in for the cold-start detector: it judges combinations (value against
     * time of day and recent history) and stays blind to a lone value beyond its training range
     * (isolation saturates there), which the robust detector sees.
     */
    @Override
    public boolean replacesColdStart() {
        return false;
    }

    @Override
    public String stateName() {
        return "detector-iforest-v1";
    }

    @Override
    public Class<IsolationState> stateClass() {
        return IsolationState.class;
    }

    @Override
    public SeriesDetector<IsolationState> create() {
        return new IsolationDetector(forests(), config.familyLabel(), clock);
    }

    @Override
    public SeriesDetector<IsolationState> restore(IsolationState state) {
        if (state.version() != IsolationState.VERSION) {
            throw new IllegalStateException("unknown iforest detector state version " + state.version());
        }
        return create();
    }

    /** A family forest fitted in the stream replaces the family's previous one. */
    @Override
    public void acceptShared(String family, byte[] model) throws IOException {
        forests().putFitted(ModelBytes.read(model, "stream-fitted forest of family " + family));
    }
}
