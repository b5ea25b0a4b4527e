package io.vigil.detect.lstm;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.detect.SharedModel;
import io.vigil.testing.RestoredRuns;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The in-stream fit of a family's network as a Flink operator: a restore between two fits keeps the
 * family's tracks and schedule, so the next fit is the same network, bit for bit; a family's series
 * past {@code max-series} are not kept.
 */
class FitLstmFamiliesTest {
    static final long T0 = 1_767_225_600_000L;
    static final VigilConfig CFG = ConfigLoader.load(null, Map.of("detect.lstm.enabled", "true",
            "detect.lstm.min-points", "400", "detect.lstm.refit-every", "6h", "detect.lstm.max-series", "2"));
    static final LstmConfig LSTM = LstmModule.settings(CFG.detect());

    /** Three series of one family, 1,000 one-minute points each, in time order. */
    static List<LstmRow> rows() {
        double[][] v = new double[3][];
        for (int id = 0; id < 3; id++) {
            v[id] = LstmDetectorTest.series(id, 1000, Integer.MAX_VALUE, id);
        }
        List<LstmRow> out = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            for (int id = 0; id < 3; id++) {
                out.add(new LstmRow("osc/osc", "p" + id, T0 + i * 60_000L, v[id][i]));
            }
        }
        return out;
    }

    static KeyedOneInputStreamOperatorTestHarness<String, LstmRow, SharedModel> harness() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new FitLstmFamilies(
                new LstmFitting(LSTM, 60_000, LSTM.historyPoints()))), LstmRow::family, Types.STRING);
        h.setup();
        return h;
    }

    @Test
    void snapshotRestore_betweenFits_nextFitTheSameNetwork() throws Exception {
        List<LstmRow> rows = rows();
        int cut = 3 * 600; // after the first fit (point 400), before the second (6 h later, point 760)

        RestoredRuns<SharedModel> runs = RestoredRuns.of(FitLstmFamiliesTest::harness, rows, cut, LstmRow::timestampMs);
        var whole = runs.whole();
        var after = runs.afterRestore();
        assertThat(whole).as("a fit at 400 points, a refit 6 h later").hasSize(2);
        assertThat(runs.beforeSnapshot()).hasSize(1);
        assertThat(after).hasSize(1);
        assertThat(after.get(0).getTimestamp()).isEqualTo(whole.get(1).getTimestamp());
        SharedModel a = after.get(0).getValue();
        assertThat(a.detector()).isEqualTo(LstmModule.NAME);
        assertThat(a.key()).isEqualTo("osc/osc");
        assertThat(a.bytes()).isEqualTo(whole.get(1).getValue().bytes());
        LstmModel m = LstmModel.read(a.bytes(), "restored fit");
        assertThat(m.rmse()).isLessThan(m.naiveRmse());
    }

    @Test
    void seriesPastMaxSeries_notKept() throws Exception {
        LstmFitting fitting = new LstmFitting(LSTM, 60_000, 100);
        LstmFitting.MapTracks tracks = new LstmFitting.MapTracks();
        LstmFamilyFit f = LstmFamilyFit.EMPTY;
        for (LstmRow r : rows().subList(0, 30)) {
            f = fitting.offer(f, r.series(), r.timestampMs(), r.value(), tracks);
        }
        assertThat(f.series()).isEqualTo(2);
        assertThat(tracks.get("p2")).isNull();
        assertThat(tracks.get("p0").size()).isEqualTo(10);
        // A missing step starts the track over; a repeated one is ignored.
        f = fitting.offer(f, "p0", T0 + 9 * 60_000L, 1.0, tracks);
        assertThat(tracks.get("p0").size()).isEqualTo(10);
        fitting.offer(f, "p0", T0 + 12 * 60_000L, 1.0, tracks);
        assertThat(tracks.get("p0").size()).isEqualTo(1);
    }

    @Test
    void segmentTracks_keepWhatEachGapEnded() throws Exception {
        LstmFitting fitting = new LstmFitting(LSTM, 60_000, 100);
        LstmFitting.SegmentTracks tracks = new LstmFitting.SegmentTracks();
        LstmFamilyFit f = LstmFamilyFit.EMPTY;
        for (int i = 0; i < 30; i++) {
            if (i % 10 != 5) { // steps 5, 15 and 25 missing: four stretches
                f = fitting.offer(f, "p0", T0 + i * 60_000L, i, tracks);
            }
        }
        List<float[]> stretches = new ArrayList<>();
        tracks.all().forEach(t -> stretches.add(t.ordered()));
        assertThat(stretches).extracting(v -> v.length).containsExactly(5, 9, 9, 4);
        assertThat(stretches.get(1)).containsExactly(6, 7, 8, 9, 10, 11, 12, 13, 14);
    }
}
