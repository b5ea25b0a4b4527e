package io.vigil.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.SeriesLimits;
import io.vigil.model.DeadLetter;
import io.vigil.model.GridPoint;
import io.vigil.model.MetricSample;
import io.vigil.model.WallClock;
import io.vigil.pipeline.OutputTags;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The job's series limits in the resample stage: a full tenant's new series are refused with the
 * reason while its known series and other tenants flow; an expired series frees its place; the
 * counts survive a restore and split over subtasks on a rescale.
 */
class SeriesCapTest {
    static final long STEP = ResampleSeriesTest.STEP;
    static final long T0 = ResampleSeriesTest.T0;
    static final int MAX_PARALLELISM = 128;

    static MetricSample sample(String job, int i, long ts) {
        Map<String, String> labels = Map.of("job", job, "id", String.valueOf(i));
        return new MetricSample("up{id=\"" + i + "\",job=\"" + job + "\"}", "up", labels, ts, 1.0, false, 0, i);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, MetricSample, GridPoint> harness(SeriesLimits limits,
            int parallelism, int subtask) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new ResampleSeries(
                ResampleSeriesTest.CONFIG, OutputTags.LATE_SAMPLES, limits, OutputTags.DEAD_LETTERS, "metrics",
                WallClock.fixed(T0))), MetricSample::series, Types.STRING, MAX_PARALLELISM, parallelism, subtask);
        h.setup();
        return h;
    }

    static List<DeadLetter> refused(KeyedOneInputStreamOperatorTestHarness<String, MetricSample, GridPoint> h) {
        var out = h.getSideOutput(OutputTags.DEAD_LETTERS);
        return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
    }

    static List<String> seriesOut(KeyedOneInputStreamOperatorTestHarness<String, MetricSample, GridPoint> h) {
        return h.extractOutputValues().stream().filter(p -> !p.end()).map(GridPoint::series).distinct().sorted()
                .toList();
    }

    @Test
    void fullTenant_newSeriesRefusedWithReason_knownSeriesAndOtherTenantsFlow() throws Exception {
        var h = harness(new SeriesLimits(0, 3, "job"), 1, 0);
        h.open();
        for (int i = 0; i < 5; i++) {
            h.processElement(sample("flood", i, T0 + 1_000), T0 + 1_000);
        }
        h.processElement(sample("api", 100, T0 + 1_000), T0 + 1_000);
        for (int i = 0; i < 5; i++) { // the next step: the three known flow, the two refused stay refused
            h.processElement(sample("flood", i, T0 + STEP + 1_000), T0 + STEP + 1_000);
        }
        h.processWatermark(T0 + 2 * STEP - 1);

        assertThat(seriesOut(h)).containsExactly("up{id=\"0\",job=\"flood\"}", "up{id=\"1\",job=\"flood\"}",
                "up{id=\"100\",job=\"api\"}", "up{id=\"2\",job=\"flood\"}");
        assertThat(h.extractOutputValues()).filteredOn(p -> p.series().contains("flood")).hasSize(6);
        List<DeadLetter> dead = refused(h);
        assertThat(dead).hasSize(4);
        assertThat(dead).allSatisfy(d -> {
            assertThat(d.stage()).isEqualTo("features-series-cap");
            assertThat(d.reason()).contains("job=\"flood\"", "ingest.max-series-per-tenant", "3");
            assertThat(d.topic()).isEqualTo("metrics");
        });
        assertThat(dead.get(0).payload()).as("the sample, to replay").contains("\"id\":\"3\"", "\"job\":\"flood\"");
        assertThat(dead.get(0).offset()).isEqualTo(3);
        h.close();
    }

    @Test
    void fullJob_refusesEveryTenantsNewSeries() throws Exception {
        var h = harness(new SeriesLimits(2, 0, "job"), 1, 0);
        h.open();
        h.processElement(sample("a", 1, T0 + 1_000), T0 + 1_000);
        h.processElement(sample("b", 2, T0 + 1_000), T0 + 1_000);
        h.processElement(sample("c", 3, T0 + 1_000), T0 + 1_000);
        assertThat(refused(h)).singleElement().satisfies(d -> assertThat(d.reason()).contains("ingest.max-series"));
        h.close();
    }

    @Test
    void expiredSeries_freesItsPlace() throws Exception {
        var h = harness(new SeriesLimits(0, 1, "job"), 1, 0);
        h.open();
        h.processElement(sample("a", 1, T0 + 1_000), T0 + 1_000);
        h.processElement(sample("a", 2, T0 + 2_000), T0 + 2_000);
        assertThat(refused(h)).hasSize(1);
        long later = T0 + 1_000 + ResampleSeriesTest.CONFIG.seriesExpiry().toMillis() + STEP;
        h.processWatermark(later);
        assertThat(h.extractOutputValues()).anyMatch(GridPoint::end);
        h.processElement(sample("a", 2, later + 1_000), later + 1_000);
        assertThat(refused(h)).as("admitted once the first expired").hasSize(1);
        h.close();
    }

    @Test
    void restore_keepsTheCounts() throws Exception {
        SeriesLimits limits = new SeriesLimits(0, 2, "job");
        var h = harness(limits, 1, 0);
        h.open();
        h.processElement(sample("a", 1, T0 + 1_000), T0 + 1_000);
        h.processElement(sample("a", 2, T0 + 1_000), T0 + 1_000);
        OperatorSubtaskState snapshot = h.snapshot(1L, T0 + 1_000);
        h.close();

        var restored = harness(limits, 1, 0);
        restored.initializeState(snapshot);
        restored.open();
        restored.processElement(sample("a", 3, T0 + 2_000), T0 + 2_000);
        restored.processElement(sample("a", 1, T0 + STEP + 1_000), T0 + STEP + 1_000);
        restored.processWatermark(T0 + 2 * STEP - 1);
        assertThat(refused(restored)).singleElement().satisfies(d -> assertThat(d.payload()).contains("\"id\":\"3\""));
        assertThat(seriesOut(restored)).containsExactly("up{id=\"1\",job=\"a\"}", "up{id=\"2\",job=\"a\"}");
        restored.close();
    }

    /**
     * From one subtask to two: each takes the part of the counts in its key groups, so with a limit
     * of 104 (52 a subtask) and 50 live in each half, each admits exactly 2 more of its own series.
     */
    @Test
    void rescale_splitsTheCountsByKeyGroups() throws Exception {
        SeriesLimits limits = new SeriesLimits(0, 104, "job");
        var one = harness(limits, 1, 0);
        one.open();
        // 50 series in each half of the key groups, so each new subtask restores exactly its own.
        int[] inHalf = new int[2];
        int id = 0;
        List<List<Integer>> fresh = List.of(new ArrayList<>(), new ArrayList<>());
        while (inHalf[0] < 50 || inHalf[1] < 50 || fresh.get(0).size() < 3 || fresh.get(1).size() < 3) {
            int half = KeyGroupRangeAssignment.assignKeyToParallelOperator(sample("a", id, 0).series(),
                    MAX_PARALLELISM, 2);
            if (inHalf[half] < 50) {
                one.processElement(sample("a", id, T0 + 1_000), T0 + 1_000);
                inHalf[half]++;
            } else if (fresh.get(half).size() < 3) {
                fresh.get(half).add(id);
            }
            id++;
        }
        assertThat(refused(one)).isEmpty();
        OperatorSubtaskState snapshot = one.snapshot(1L, T0 + 1_000);
        one.close();

        for (int subtask = 0; subtask < 2; subtask++) {
            var h = harness(limits, 2, subtask);
            h.initializeState(AbstractStreamOperatorTestHarness.repartitionOperatorState(snapshot, MAX_PARALLELISM,
                    1, 2, subtask));
            h.open();
            for (int i : fresh.get(subtask)) {
                h.processElement(sample("a", i, T0 + 2_000), T0 + 2_000);
            }
            int last = fresh.get(subtask).get(2);
            assertThat(refused(h)).as("subtask " + subtask).singleElement()
                    .satisfies(d -> assertThat(d.payload()).contains("\"id\":\"" + last + "\""));
            h.close();
        }
    }

    @Test
    void countParts_followTheKeyGroupOverlap() {
        LiveSeriesCount c = new LiveSeriesCount(0, 127, "a", 1000);
        assertThat(c.partIn(0, 63) + c.partIn(64, 127)).isEqualTo(1000);
        assertThat(c.partIn(0, 42)).isEqualTo(336);
        assertThat(new LiveSeriesCount(0, 63, "a", 10).partIn(64, 127)).isZero();
        assertThat(new LiveSeriesCount(0, 63, "a", 10).partIn(0, 127)).isEqualTo(10);
    }

    @Test
    void shares_addUpToTheLimit() {
        SeriesCap third = new SeriesCap(new SeriesLimits(0, 10, "job"), 43.0 / 128);
        int admitted = 0;
        while (third.admit(Map.of("job", "x")) == null) {
            admitted++;
        }
        assertThat(admitted).isEqualTo(4); // ceil(10 * 43 / 128)
        third.release(Map.of("job", "x"));
        assertThat(third.live()).isEqualTo(3);
        assertThat(third.admit(Map.of())).as("no tenant label: tenant \"\"").isNull();
        third.release(Map.of("job", "never-counted"));
        assertThat(third.live()).isEqualTo(4);
    }
}
