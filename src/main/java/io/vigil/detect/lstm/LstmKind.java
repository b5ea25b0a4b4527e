package io.vigil.detect.lstm;

import io.vigil.config.DetectConfig;
import io.vigil.detect.DetectorKind;
import io.vigil.detect.SeriesDetector;
import io.vigil.detect.store.StoreExpectation;
import io.vigil.detect.store.StoreWatcher;
import io.vigil.model.WallClock;

import java.util.Map;

/**
 * The LSTM forecaster (state {@link LstmState}, descriptor {@code detector-lstm-v1}). Networks are
 * shared by a family's series, so they live in this kind's {@link LstmFamilies} (one per scoring
 * subtask): the model store's are read on first use, stream fits arrive through
 * {@link #acceptShared}. A series keeps only its recurrent state, normaliser and noise.
 */
public final class LstmKind implements DetectorKind<LstmState> {
    public static final String NAME = LstmModule.NAME;

    private final LstmConfig config;
    private final DetectConfig.ModelsConfig store;
    private final long stepMs;
    /** The weight of a new point in a series' baseline and noise. */
    private final double alpha;
    private final WallClock clock;
    private transient LstmFamilies families;

    public LstmKind(LstmConfig config, DetectConfig.ModelsConfig store, long stepMs, WallClock clock) {
        this.config = config;
        this.store = store;
        this.stepMs = stepMs;
        this.alpha = SeriesBaseline.alpha(stepMs, config.baseline().toMillis());
        this.clock = clock;
    }

    LstmFamilies families() {
        if (families == null) {
            families = new LstmFamilies(store.configured() ? new StoreWatcher(store.location(),
                    new StoreExpectation(stepMs, Map.of(), Map.of()), store.reloadEvery().toMillis(), clock) : null);
        }
        return families;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * The forecaster judges a series against its family's dynamics, learned once for many series; a
     * series unlike its family forecasts poorly everywhere, so it does not silence the cold-start
     * detector.
     */
    @Override
    public boolean replacesColdStart() {
        return false;
    }

    @Override
    public String stateName() {
        return "detector-lstm-v1";
    }

    @Override
    public Class<LstmState> stateClass() {
        return LstmState.class;
    }

    @Override
    public SeriesDetector<LstmState> create() {
        return new LstmDetector(config, families(), alpha, stepMs, null);
    }

    @Override
    public SeriesDetector<LstmState> restore(LstmState state) {
        if (state.version() != LstmState.VERSION) {
            throw new IllegalStateException("unknown lstm detector state version " + state.version());
        }
        return new LstmDetector(config, families(), alpha, stepMs, state);
    }

    /** A family's network fitted in the stream replaces its previous one. */
    @Override
    public void acceptShared(String family, byte[] model) {
        families().put(LstmModel.read(model, "stream-fitted LSTM of family " + family));
    }
}
