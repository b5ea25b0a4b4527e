package io.vigil.detect.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.detect.DetectorScore;
import io.vigil.detect.SeriesDetector;
import io.vigil.detect.robust.RobustKind;
import io.vigil.detect.robust.RobustModule;
import io.vigil.features.FeatureWindow;
import io.vigil.model.FeatureVector;
import io.vigil.model.GridPoint;
import io.vigil.model.StateBytes;
import io.vigil.model.WallClock;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The LSTM forecaster on a family whose dynamics are known: series that oscillate with a period of
 * 24 steps (not a daily cycle: the seasonal model cannot know it) around their own levels. The
 * family's network is fitted from four series as the stream fits it; a fifth series is then judged.
 * A change of period to 7 steps keeps every value inside the series' usual range, so a rolling
 * median and MAD do not see it; the forecaster, which learned the dynamics, does.
 */
class LstmDetectorTest {
    static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00Z
    static final VigilConfig CFG = ConfigLoader.load(null, Map.of("detect.lstm.enabled", "true"));
    static final LstmConfig LSTM = LstmModule.settings(CFG.detect());
    static final long STEP = CFG.features().stepMs();
    static LstmModel model;

    /** Series {@code id}: level and amplitude of its own, period 24 steps (7 from {@code changeAt} for 120 steps). */
    static double[] series(int id, int n, int changeAt, long seed) {
        Random r = new Random(seed);
        double level = 50 + 40 * id;
        double amp = 5 + 2 * id;
        double[] v = new double[n];
        double phase = id;
        for (int i = 0; i < n; i++) {
            boolean changed = i >= changeAt && i < changeAt + 120;
            phase += 2 * Math.PI / (changed ? 7 : 24);
            v[i] = level + amp * Math.sin(phase) + 0.05 * amp * r.nextGaussian();
        }
        return v;
    }

    static List<FeatureVector> points(String pod, double[] v) {
        FeatureWindow w = new FeatureWindow(CFG.features());
        Map<String, String> labels = Map.of("service", "osc", "pod", pod);
        List<FeatureVector> out = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            out.add(w.next(new GridPoint("osc{pod=\"" + pod + "\",service=\"osc\"}", "osc", labels, T0 + i * STEP,
                    v[i], false, false)));
        }
        return out;
    }

    @BeforeAll
    static void fitFamily() throws Exception {
        LstmFitting fitting = new LstmFitting(LSTM, STEP, LSTM.historyPoints());
        LstmFitting.MapTracks tracks = new LstmFitting.MapTracks();
        LstmFamilyFit f = LstmFamilyFit.EMPTY;
        LstmFitting.Step last = null;
        for (int id = 0; id < 4; id++) {
            for (FeatureVector p : points("p" + id, series(id, 2000, Integer.MAX_VALUE, id))) {
                last = fitting.learn("osc/osc", f, p.series(), p.timestampMs(), p.value(), tracks);
                f = last.position();
                if (last.model() != null) {
                    model = last.model();
                }
            }
        }
        assertThat(model).as("the family's network, fitted once a series had min-points").isNotNull();
        assertThat(f.series()).isEqualTo(4);
    }

    static LstmKind kind() {
        LstmKind k = new LstmKind(LSTM, CFG.detect().models(), STEP, WallClock.fixed(0));
        k.acceptShared("osc/osc", model.toBytes());
        return k;
    }

    @Test
    void network_forecastsTheFamilyBetterThanTheLastValue() {
        // Fitted on the first series alone (the first fit is due at min-points), judged on its validation share.
        assertThat(model.rmse()).isLessThan(0.8 * model.naiveRmse()); // measured: 0.22 against 0.31
        assertThat(model.net().hidden()).isEqualTo(16);
    }

    @Test
    void unseenDynamics_flagged_whereTheRollingMedianSeesNothing() {
        int changeAt = 1500;
        List<FeatureVector> pts = points("p9", series(9, 1800, changeAt, 99));
        SeriesDetector<LstmState> lstm = kind().create();
        SeriesDetector<?> robust = new RobustKind(RobustModule.settings(CFG.detect()), CFG.detect().threshold()).create();
        int warm = 0;
        int falseBefore = 0;
        int lstmInChange = 0;
        int robustInChange = 0;
        for (int i = 0; i < pts.size(); i++) {
            FeatureVector p = pts.get(i);
            DetectorScore s = lstm.score(p);
            DetectorScore r = robust.score(p);
            lstm.learn(p);
            robust.learn(p);
            if (i >= 200 && i < changeAt) {
                warm += s.warm() ? 1 : 0;
                falseBefore += s.deviation() > 6 ? 1 : 0;
            }
            if (i >= changeAt && i < changeAt + 120) {
                lstmInChange += s.deviation() > 6 ? 1 : 0;
                robustInChange += r.deviation() > 6 ? 1 : 0;
            }
        }
        assertThat(warm).as("warm on the normal stretch").isEqualTo(changeAt - 200);
        assertThat(falseBefore).as("points beyond 6 noise units before the change").isLessThanOrEqualTo(3);
        assertThat(lstmInChange).as("points of the change beyond 6 noise units").isGreaterThanOrEqualTo(30);
        assertThat(robustInChange).as("the rolling median/MAD on the same points").isLessThanOrEqualTo(2);
    }

    @Test
    void restoredState_scoresIdentically() {
        List<FeatureVector> pts = points("p7", series(7, 700, 500, 7));
        LstmKind kind = kind();
        SeriesDetector<LstmState> straight = kind.create();
        SeriesDetector<LstmState> restored = kind.create();
        for (int i = 0; i < pts.size(); i++) {
            FeatureVector p = pts.get(i);
            if (i % 97 == 0) {
                restored = kind.restore(StateBytes.roundTrip(LstmState.class, restored.toState()));
            }
            assertThat(restored.score(p)).as("point %d", i).isEqualTo(straight.score(p));
            straight.learn(p);
            restored.learn(p);
        }
        assertThat(restored.toState().steps()).isGreaterThan(600);
        assertThat(StateBytes.of(LstmState.class, restored.toState())).as("state bytes per series")
                .isLessThanOrEqualTo(512);
    }

    @Test
    void gap_startsTheRecurrentStateOver() {
        List<FeatureVector> pts = points("p5", series(5, 400, Integer.MAX_VALUE, 5));
        SeriesDetector<LstmState> d = kind().create();
        for (FeatureVector p : pts.subList(0, 300)) {
            d.learn(p);
        }
        assertThat(d.score(pts.get(300)).warm()).isTrue();
        FeatureVector afterGap = pts.get(310);
        assertThat(d.score(afterGap).warm()).as("ten steps missing").isFalse();
        d.learn(afterGap);
        assertThat(d.toState().steps()).isEqualTo(1);
    }

    @Test
    void otherStateVersion_refused() {
        LstmState s = kind().create().toState();
        LstmState v2 = new LstmState(2, s.modelId(), s.h(), s.c(), s.level(), s.scale(), s.baselineCount(),
                s.forecast(), s.steps(), s.noise(), s.noiseCount(), s.lastMs(), s.recent());
        assertThatThrownBy(() -> kind().restore(v2)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("version 2");
    }

    @Test
    void modelBytes_roundTrip_andDamagedBytesRefusedByName() {
        LstmModel back = LstmModel.read(model.toBytes(), "test");
        assertThat(back.id()).isEqualTo(model.id());
        assertThat(back.net().parameters()).containsExactly(model.net().parameters());
        List<LstmModel> all = LstmModel.decodeAll(LstmModel.encodeAll(List.of(model, back)), "models.bin");
        assertThat(all).hasSize(2);
        byte[] bytes = model.toBytes();
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 9);
        assertThatThrownBy(() -> LstmModel.read(cut, "lstm/models.bin model 1"))
                .hasMessageContaining("lstm/models.bin model 1");
        byte[] flipped = bytes.clone();
        flipped[0] ^= 1;
        assertThatThrownBy(() -> LstmModel.read(flipped, "x")).hasMessageContaining("not an LSTM model");
    }
}
