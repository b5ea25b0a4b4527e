package io.vigil.detect.lstm;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.detect.SeriesDetector;
import io.vigil.model.FeatureVector;
import io.vigil.model.StateBytes;
import io.vigil.testing.GoldenFiles;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * State saved by version 1 of the LSTM detector (golden/lstm/v1.json), with its family's network as
 * version 1 of the model bytes wrote it: both must still read, and the restored series must score
 * the probe points as it did then (the deviations recorded beside them).
 *
 * <p>To write the file for a new version: {@code mvn test -Dtest=LstmGoldenStateTest
 * -Dvigil.golden.write=src/test/resources/golden/lstm/v1.json}.
 */
class LstmGoldenStateTest {
    record Golden(LstmState state, byte[] network, List<Double> deviations) {}

    /** Ten points of series p8 after its first 600 (the state was saved after point 599). */
    static List<FeatureVector> probes() {
        return LstmDetectorTest.points("p8", LstmDetectorTest.series(8, 610, Integer.MAX_VALUE, 8)).subList(600, 610);
    }

    static Golden record() throws Exception {
        LstmDetectorTest.fitFamily();
        LstmKind kind = LstmDetectorTest.kind();
        SeriesDetector<LstmState> d = kind.create();
        List<FeatureVector> all = LstmDetectorTest.points("p8", LstmDetectorTest.series(8, 610, Integer.MAX_VALUE, 8));
        for (FeatureVector p : all.subList(0, 600)) {
            d.learn(p);
        }
        LstmState saved = StateBytes.roundTrip(LstmState.class, d.toState());
        return new Golden(saved, LstmDetectorTest.model.toBytes(), deviations(kind, saved));
    }

    static List<Double> deviations(LstmKind kind, LstmState state) {
        SeriesDetector<LstmState> d = kind.restore(state);
        List<Double> out = new ArrayList<>();
        for (FeatureVector p : probes()) {
            out.add(d.score(p).deviation());
            d.learn(p);
        }
        return out;
    }

    @Test
    void v1StateAndNetwork_restore_andScoreTheProbesAsThen() throws IOException {
        Golden golden = GoldenFiles.read("lstm", 1, Golden.class, () -> {
            try {
                return record();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(golden.state().version()).isEqualTo(1);
        LstmModel net = LstmModel.read(golden.network(), "golden network");
        LstmKind kind = new LstmKind(LstmDetectorTest.LSTM, LstmDetectorTest.CFG.detect().models(),
                LstmDetectorTest.STEP, io.vigil.model.WallClock.fixed(0));
        kind.acceptShared(net.family(), golden.network());
        assertThat(golden.state().modelId()).isEqualTo(net.id());
        assertThat(deviations(kind, golden.state())).usingElementComparator(GoldenFiles.CLOSE)
                .containsExactlyElementsOf(golden.deviations());
        assertThat(golden.deviations()).as("the series is warm at the probes").allSatisfy(z -> assertThat(z).isPositive());
    }
}
