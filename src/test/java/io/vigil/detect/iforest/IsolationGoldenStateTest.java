package io.vigil.detect.iforest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.detect.DetectorScore;
import io.vigil.detect.SeriesDetector;
import io.vigil.features.FeatureWindow;
import io.vigil.model.FeatureVector;
import io.vigil.model.GridPoint;
import io.vigil.model.StateBytes;
import io.vigil.model.WallClock;
import io.vigil.testing.GoldenFiles;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

/**
 * State saved by version 1 of the family-forest detector (golden/iforest/v1.json): only a version,
 * since the forest is the family's (broadcast), not the series'. It must restore, into a detector
 * that is cold until its family has a forest and saves the same state; another version is refused.
 *
 * <p>To write the file for a new version: {@code mvn test -Dtest=IsolationGoldenStateTest
 * -Dvigil.golden.write=src/test/resources/golden/iforest/vN.json}.
 */
class IsolationGoldenStateTest {
    static final VigilConfig CFG = ConfigLoader.load(null, Map.of("detect.iforest.families", "true"));

    record Golden(IsolationState state) {}

    static IsolationKind kind() {
        return new IsolationKind(IsolationModule.settings(CFG.detect()), CFG.features().stepMs(), WallClock.fixed(0));
    }

    /** A point with its full history, so only the missing forest keeps the detector cold. */
    static FeatureVector fullHistoryPoint() {
        FeatureWindow w = new FeatureWindow(CFG.features());
        FeatureVector last = null;
        for (int i = 0; i <= CFG.features().historyNeeded(); i++) {
            last = w.next(new GridPoint("cpu{service=\"a\"}", "cpu", Map.of("service", "a"),
                    1_767_225_600_000L + i * CFG.features().stepMs(), 10 + i % 3, false, false));
        }
        return last;
    }

    @Test
    void v1State_restores_coldWithoutItsFamilysForest() throws IOException {
        Golden golden = GoldenFiles.read("iforest", 1, Golden.class,
                () -> new Golden(StateBytes.roundTrip(IsolationState.class, kind().create().toState())));
        assertThat(golden.state().version()).isEqualTo(1);
        SeriesDetector<IsolationState> d = kind().restore(golden.state());
        FeatureVector p = fullHistoryPoint();
        assertThat(FamilyVectors.of(p)).isNotNull();
        assertThat(d.score(p)).isEqualTo(DetectorScore.COLD);
        d.learn(p);
        assertThat(d.toState()).isEqualTo(golden.state());
    }

    @Test
    void otherVersion_rejected() {
        assertThatThrownBy(() -> kind().restore(new IsolationState(2)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("version 2");
    }
}
