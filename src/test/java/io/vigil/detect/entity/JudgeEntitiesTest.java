package io.vigil.detect.entity;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.DetectConfig.ModelsConfig;
import io.vigil.config.VigilConfig;
import io.vigil.model.Contributor;
import io.vigil.model.Direction;
import io.vigil.model.ScoredPoint;
import io.vigil.model.WallClock;
import io.vigil.model.StateBytes;

import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.State;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * An entity of ten series judged as a whole, on a stream whose answers are known: series 1 is a
 * near copy of series 0, the others are independent. After the first fit, a lone anomaly and an
 * anomaly of the copy pair are demoted; two independent series anomalous within the window page,
 * with one entity anomaly; the pair parting ways inside their bands is a relation break. A small
 * entity is not judged, and a restore mid-window changes nothing.
 */
class JudgeEntitiesTest {
    static final long STEP = 60_000;
    static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00Z
    static final int SERIES = 10;
    static final long EXPIRY = 2 * 3_600_000L;
    static final int STEPS = 2500;
    static final int LONE = 2100;
    static final int COPIES = 2200;
    static final int PAIR = 2300;
    static final int BREAK_FROM = 2400;
    static final int BREAK_TO = 2406;

    static String series(String host, int i) {
        return "m" + i + "{instance=\"" + host + "\"}";
    }

    static ScoredPoint point(String host, int i, int step, double u, boolean anomalous) {
        double score = anomalous ? 0.6 : 0.1;
        return new ScoredPoint(series(host, i), "m" + i, Map.of("instance", host), "", T0 + step * STEP, 100 + u, 100,
                99, 101, score, anomalous ? Direction.UP : Direction.NONE, Map.of("seasonal", score), anomalous);
    }

    /** Per step: the big entity's ten points, the small entity's three, then the watermark. */
    static List<List<ScoredPoint>> steps() {
        Random r = new Random(11);
        List<List<ScoredPoint>> out = new ArrayList<>();
        for (int t = 0; t < STEPS; t++) {
            List<ScoredPoint> step = new ArrayList<>();
            double a = 0.3 * r.nextGaussian();
            for (int i = 0; i < SERIES; i++) {
                double u = i == 0 ? a : i == 1 ? a + 0.03 * r.nextGaussian() : 0.3 * r.nextGaussian();
                boolean anomalous = (t == LONE && i == 5) || (t == COPIES && i <= 1)
                        || (t == PAIR && i == 3) || (t == PAIR + 1 && i == 7);
                if (anomalous) {
                    u = 4;
                }
                if (t >= BREAK_FROM && t < BREAK_TO && i <= 1) {
                    u = i == 0 ? 0.9 : -0.9; // each within its band; together never seen
                }
                step.add(point("h1", i, t, u, anomalous));
            }
            for (int i = 0; i < 3; i++) {
                step.add(point("h2", i, t, 0.3 * r.nextGaussian(), t == LONE && i == 0));
            }
            out.add(step);
        }
        return out;
    }

    static KeyedOneInputStreamOperatorTestHarness<String, ScoredPoint, ScoredPoint> harness() throws Exception {
        return harness(config(), new ModelsConfig("", Duration.ofMinutes(1)));
    }

    /** The stage's settings in these tests: entities of five series or more are judged. */
    static EntityConfig config() {
        EntityConfig c = EntityModule.settings(ConfigLoader.defaults().detect());
        return new EntityConfig(true, c.labels(), 5, c.maxSeries(), c.window(), c.groupCorrelation(), c.refitEvery(),
                true);
    }

    /** The stage with settings {@code c}, new entities starting from {@code store}. */
    static KeyedOneInputStreamOperatorTestHarness<String, ScoredPoint, ScoredPoint> harness(EntityConfig c,
            ModelsConfig store) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new JudgeEntities(c, STEP,
                EXPIRY, ConfigLoader.defaults().detect().calibration(), store, WallClock.system())),
                (ScoredPoint p) -> Entities.key(p.labels(), c.labels()), Types.STRING);
        h.setup();
        return h;
    }

    static void feed(KeyedOneInputStreamOperatorTestHarness<String, ScoredPoint, ScoredPoint> h,
            List<List<ScoredPoint>> steps, int from, int to) throws Exception {
        for (int t = from; t < to; t++) {
            for (ScoredPoint p : steps.get(t)) {
                h.processElement(p, p.timestampMs());
            }
            h.processWatermark(T0 + t * STEP + STEP - 1);
        }
    }

    static List<ScoredPoint> run() throws Exception {
        var h = harness();
        h.open();
        feed(h, steps(), 0, STEPS);
        h.processWatermark(T0 + (STEPS + 10) * STEP);
        // Entity, steps and seen: no judged step lingers once the entity is quiet...
        assertThat(h.numKeyedStateEntries())
                .as("fit and last seen of both, learning of the judged one").isEqualTo(5);
        h.processWatermark(T0 + STEPS * STEP + 2 * EXPIRY);
        // ...and the entity itself is forgotten after the series expiry, like its series.
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        List<ScoredPoint> out = h.extractOutputValues();
        h.close();
        return out;
    }

    static List<ScoredPoint> at(List<ScoredPoint> out, int step, String host) {
        return out.stream().filter(p -> p.timestampMs() == T0 + step * STEP)
                .filter(p -> host.equals(p.labels().get("instance"))).toList();
    }

    static List<ScoredPoint> entityAnomalies(List<ScoredPoint> out, int from, int to) {
        return out.stream().filter(p -> !p.entity().isEmpty())
                .filter(p -> p.timestampMs() >= T0 + from * STEP && p.timestampMs() < T0 + to * STEP).toList();
    }

    @Test
    void judgesTheEntityAsAWhole() throws Exception {
        List<ScoredPoint> out = run();
        assertThat(out.stream().filter(p -> p.entity().isEmpty()))
                .as("every series point comes out once").hasSize(STEPS * (SERIES + 3));

        assertThat(at(out, LONE, "h1")).filteredOn(p -> p.series().equals(series("h1", 5))).singleElement()
                .satisfies(p -> assertThat(p.anomalous()).as("a lone anomaly is demoted").isFalse())
                .satisfies(p -> assertThat(p.score()).as("it keeps its score (evidence)").isEqualTo(0.6));
        assertThat(at(out, COPIES, "h1")).filteredOn(p -> p.score() == 0.6).hasSize(2)
                .as("near copies of one quantity are one witness").noneMatch(ScoredPoint::anomalous);
        assertThat(entityAnomalies(out, LONE - 5, COPIES + 5)).isEmpty();

        assertThat(at(out, PAIR, "h1")).filteredOn(ScoredPoint::anomalous).extracting(ScoredPoint::series)
                .contains(series("h1", 3));
        assertThat(at(out, PAIR + 1, "h1")).filteredOn(ScoredPoint::anomalous).extracting(ScoredPoint::series)
                .contains(series("h1", 7));
        assertThat(entityAnomalies(out, PAIR, PAIR + 2)).isNotEmpty().first().satisfies(e -> {
            assertThat(e.entity()).isEqualTo("h1");
            assertThat(e.labels()).containsEntry("instance", "h1");
            assertThat(e.contributors()).extracting(Contributor::series).contains(series("h1", 3));
        });

        List<ScoredPoint> breaks = entityAnomalies(out, BREAK_FROM, BREAK_TO);
        assertThat(breaks).as("the pair parting ways, within their bands, is a relation break").isNotEmpty()
                .allSatisfy(e -> assertThat(e.detectors()).containsKey("relation"));
        assertThat(breaks.get(0).contributors()).extracting(Contributor::series)
                .containsAnyOf(series("h1", 0), series("h1", 1));
        assertThat(out.stream().filter(p -> !p.entity().isEmpty()).map(p -> (p.timestampMs() - T0) / STEP))
                .as("no entity anomaly outside the injected ones")
                .allMatch(t -> (t >= PAIR && t <= PAIR + 1) || (t >= BREAK_FROM && t < BREAK_TO));

        assertThat(at(out, LONE, "h2")).filteredOn(ScoredPoint::anomalous).as("a small entity is not judged")
                .hasSize(1);
    }

    @Test
    void restoreWithAPointHeld_givesTheSameOutput() throws Exception {
        List<ScoredPoint> whole = run();
        List<List<ScoredPoint>> steps = steps();
        var first = harness();
        first.open();
        feed(first, steps, 0, PAIR + 1); // the pair's first point is held, waiting for its witness
        OperatorSubtaskState snapshot = first.snapshot(1L, T0 + PAIR * STEP);
        List<ScoredPoint> before = first.extractOutputValues();
        first.close();

        assertResumesAsWhole(whole, before, snapshot, false, "the held point is released after the restore");
    }

    /**
     * Restores {@code snapshot} (taken with step {@code PAIR}'s points in; its watermark passed too
     * unless {@code closePair}) and feeds the rest: with what came out {@code before}, the output is
     * the uninterrupted run's, and the anomalous point of series 3 at the pair comes out after the
     * restore ({@code why}).
     */
    static void assertResumesAsWhole(List<ScoredPoint> whole, List<ScoredPoint> before, OperatorSubtaskState snapshot,
            boolean closePair, String why) throws Exception {
        var restored = harness();
        restored.initializeState(snapshot);
        restored.open();
        if (closePair) {
            restored.processWatermark(T0 + PAIR * STEP + STEP - 1);
        }
        feed(restored, steps(), PAIR + 1, STEPS);
        List<ScoredPoint> after = restored.extractOutputValues();
        restored.close();

        List<ScoredPoint> resumed = new ArrayList<>(before);
        resumed.addAll(after);
        assertThat(Set.copyOf(resumed)).isEqualTo(Set.copyOf(whole));
        assertThat(resumed).hasSameSizeAs(whole);
        assertThat(after).filteredOn(p -> p.series().equals(series("h1", 3))).filteredOn(ScoredPoint::anomalous)
                .as(why).hasSize(1);
    }

    /**
     * With an onward filter (the streaming job's: anomalies and evidence), every point is still
     * judged, and exactly the points the filter keeps come out: the demoted ones (evidence), the
     * corroborated ones and the entity anomalies, the same as without it.
     */
    @Test
    void onwardFilter_judgesEveryPoint_emitsOnlyTheKeptOnes() throws Exception {
        List<ScoredPoint> whole = run();
        EntityConfig c = config();
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new JudgeEntities(c, STEP,
                EXPIRY, ConfigLoader.defaults().detect().calibration(), new ModelsConfig("", Duration.ofMinutes(1)),
                WallClock.system(), p -> p.anomalous() || p.score() >= 0.4)),
                (ScoredPoint p) -> Entities.key(p.labels(), c.labels()), Types.STRING);
        h.setup();
        h.open();
        feed(h, steps(), 0, STEPS);
        h.processWatermark(T0 + (STEPS + 10) * STEP);
        List<ScoredPoint> out = h.extractOutputValues();
        h.close();
        List<ScoredPoint> kept = whole.stream().filter(p -> p.anomalous() || p.score() >= 0.4).toList();
        assertThat(Set.copyOf(out)).isEqualTo(Set.copyOf(kept));
        assertThat(out).hasSameSizeAs(kept).hasSizeLessThan(whole.size() / 100)
                .anySatisfy(p -> assertThat(p.entity()).isNotEmpty())
                .anySatisfy(p -> assertThat(p.anomalous()).as("a demoted point, kept as evidence").isFalse());
    }

    /**
     * Series past {@code max-series} pass unjudged, every point as it came (the lone anomaly of
     * series 5 too, which the judged run demotes), and never become members.
     */
    @Test
    void seriesPastMaxSeries_passUnjudged_andAreNotMembers() throws Exception {
        EntityConfig c0 = config();
        EntityConfig c = new EntityConfig(true, c0.labels(), c0.minSeries(), 5, c0.window(), c0.groupCorrelation(),
                c0.refitEvery(), true);
        var h = harness(c, new ModelsConfig("", Duration.ofMinutes(1)));
        h.open();
        List<List<ScoredPoint>> steps = steps();
        feed(h, steps, 0, LONE + 1);
        List<ScoredPoint> in = steps.subList(0, LONE + 1).stream().flatMap(List::stream)
                .filter(p -> p.series().equals(series("h1", 5))).toList();
        assertThat(h.extractOutputValues()).filteredOn(p -> p.series().equals(series("h1", 5)))
                .containsExactlyElementsOf(in);
        EntityFit fit = state(h, "instance=h1", new ValueStateDescriptor<>(JudgeEntities.FIT_STATE,
                TypeInformation.of(EntityFit.class))).value();
        assertThat(fit.members()).as("the first five series, in the order they came")
                .containsExactly(series("h1", 0), series("h1", 1), series("h1", 2), series("h1", 3), series("h1", 4));
        h.close();
    }

    /** Entity {@code entity}'s state {@code d} in the stage under {@code h}. */
    @SuppressWarnings("unchecked")
    static <S extends State> S state(KeyedOneInputStreamOperatorTestHarness<String, ScoredPoint, ScoredPoint> h,
            String entity, StateDescriptor<S, ?> d) throws Exception {
        var backend = (KeyedStateBackend<String>) (KeyedStateBackend<?>)
                ((AbstractStreamOperator<?>) h.getOneInputOperator()).getKeyedStateBackend();
        backend.setCurrentKey(entity);
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, d);
    }

    /**
     * An entity silent for longer than the expiry comes back, and event time jumps in one watermark
     * past its expiry check to the step of its new points: they are judged, not forgotten with it.
     */
    @Test
    void anEntityBackAfterASilence_losesNoPoint_whenEventTimeJumpsPastItsExpiry() throws Exception {
        var h = harness();
        h.open();
        feed(h, steps(), 0, 300);
        int back = 300 + (int) (2 * EXPIRY / STEP);
        List<ScoredPoint> in = new ArrayList<>();
        for (int t = back; t < back + 3; t++) {
            for (int i = 0; i < SERIES; i++) {
                in.add(point("h1", i, t, 0.1, t == back && i == 3));
            }
        }
        h.getOutput().clear();
        for (ScoredPoint p : in) {
            h.processElement(p, p.timestampMs());
        }
        h.processWatermark(T0 + (back + 3) * STEP - 1);
        List<ScoredPoint> out = h.extractOutputValues();
        h.close();
        assertThat(out).filteredOn(p -> p.entity().isEmpty()).extracting(ScoredPoint::series, ScoredPoint::timestampMs)
                .as("every point once").containsExactlyInAnyOrderElementsOf(in.stream()
                        .map(p -> org.assertj.core.groups.Tuple.tuple(p.series(), p.timestampMs())).toList());
        assertThat(out).filteredOn(p -> p.series().equals(series("h1", 3)) && p.timestampMs() == T0 + back * STEP)
                .as("the held point, demoted without a witness").singleElement()
                .satisfies(p -> assertThat(p.anomalous()).isFalse());
    }

    /** A step's points in, its watermark not yet: the snapshot holds them unjudged. */
    @Test
    void restoreWithAStepsPointsNotYetTaken_givesTheSameOutput() throws Exception {
        List<ScoredPoint> whole = run();
        List<List<ScoredPoint>> steps = steps();
        var first = harness();
        first.open();
        feed(first, steps, 0, PAIR);
        for (ScoredPoint p : steps.get(PAIR)) {
            first.processElement(p, p.timestampMs());
        }
        OperatorSubtaskState snapshot = first.snapshot(1L, T0 + PAIR * STEP);
        List<ScoredPoint> before = first.extractOutputValues();
        first.close();

        assertResumesAsWhole(whole, before, snapshot, true, "the point taken after the restore is held and released");
    }

    /**
     * Builds before put each point in its step as it came, and kept every member's slot in an index:
     * a step saved part-filled that way and restored takes the rest of its points at its timer, and
     * the output is the uninterrupted run's.
     */
    @Test
    void aStepSavedPartFilled_takesTheRestOfItsPoints_sameOutput() throws Exception {
        List<ScoredPoint> whole = run();
        List<List<ScoredPoint>> steps = steps();
        var h = harness();
        h.open();
        feed(h, steps, 0, PAIR);
        List<ScoredPoint> step = steps.get(PAIR);
        List<ScoredPoint> early = step.stream().filter(p -> p.series().equals(series("h1", 3))
                || p.series().equals(series("h1", 4)) || p.series().equals(series("h2", 0))).toList();
        for (ScoredPoint p : early) {
            h.processElement(p, p.timestampMs());
        }
        for (String entity : List.of("instance=h1", "instance=h2")) {
            EntityFit fit = state(h, entity, new ValueStateDescriptor<>(JudgeEntities.FIT_STATE,
                    TypeInformation.of(EntityFit.class))).value();
            var arrivals = state(h, entity, new org.apache.flink.api.common.state.ListStateDescriptor<>(
                    JudgeEntities.ARRIVALS_STATE, TypeInformation.of(ScoredPoint.class)));
            var index = state(h, entity, new MapStateDescriptor<>(JudgeEntities.MEMBER_INDEX_STATE, Types.STRING,
                    Types.INT));
            PendingStep saved = PendingStep.empty(fit.members().length);
            for (ScoredPoint p : arrivals.get()) {
                int i = fit.slots().get(p.series());
                saved = saved.with(i, RelationModel.deviation(p.value(), p.expected(), p.lower(), p.upper()), p);
                index.put(p.series(), i);
            }
            arrivals.clear();
            state(h, entity, new MapStateDescriptor<>(JudgeEntities.STEPS_STATE, Types.LONG,
                    TypeInformation.of(PendingStep.class))).put(T0 + PAIR * STEP, saved);
        }
        List<ScoredPoint> before = new ArrayList<>(h.extractOutputValues());
        OperatorSubtaskState snapshot = h.snapshot(1L, T0 + PAIR * STEP);
        h.close();
        h = harness();
        h.initializeState(snapshot);
        h.open();
        for (ScoredPoint p : step) {
            if (!early.contains(p)) {
                h.processElement(p, p.timestampMs());
            }
        }
        h.processWatermark(T0 + PAIR * STEP + STEP - 1);
        feed(h, steps, PAIR + 1, STEPS);
        h.processWatermark(T0 + (STEPS + 10) * STEP);
        h.processWatermark(T0 + STEPS * STEP + 2 * EXPIRY);
        List<ScoredPoint> out = new ArrayList<>(before);
        out.addAll(h.extractOutputValues());
        assertThat(h.numKeyedStateEntries()).as("the old index is cleared with its entity").isZero();
        h.close();
        assertThat(out).hasSameSizeAs(whole);
        assertThat(Set.copyOf(out)).isEqualTo(Set.copyOf(whole));
    }

    /** A fitted entity of 34 series (a server of the Server Machine Dataset) in state, as checkpoints write it. */
    @Test
    void stateOfA34SeriesEntity_staysWithinTwentyKilobytes() {
        int n = 34;
        String[] members = new String[n];
        for (int i = 0; i < n; i++) {
            members[i] = series("machine-1-7", i);
        }
        EntityFit fit = new EntityFit(EntityFit.VERSION, members, Map.of("instance", "machine-1-7"), n,
                new double[n * n], new int[n], T0);
        EntityLearning learning = EntityLearning.start(T0).withMoments(new double[n * (n + 1) / 2], 1440);
        int fitBytes = StateBytes.of(EntityFit.class, fit);
        int learnBytes = StateBytes.of(EntityLearning.class, learning);
        System.out.printf("entity state, 34 series: fit %,d B (written at refits and joins), learning %,d B (per step)%n",
                fitBytes, learnBytes);
        assertThat(fitBytes + learnBytes).isLessThan(20_000);
        assertThat(StateBytes.roundTrip(EntityFit.class, fit).members()).containsExactly(members);
    }

    @Test
    void trainedEntityForests_takePrecedenceOverTheRelationModel() {
        VigilConfig plain = ConfigLoader.load(null, Map.of());
        VigilConfig trained = ConfigLoader.load(null, Map.of("detect.iforest.models", "/models"));
        assertThat(EntityModule.effective(EntityModule.settings(plain.detect()), plain.detect()).relation()).isTrue();
        EntityConfig withModels = EntityModule.effective(EntityModule.settings(trained.detect()), trained.detect());
        assertThat(withModels.relation()).as("the forests judge entities").isFalse();
        assertThat(withModels.on()).as("corroboration stays").isTrue();
    }
}
