package io.vigil.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.CorrelateConfig;
import io.vigil.model.ChangeEvent;
import io.vigil.model.Direction;
import io.vigil.model.Incident;
import io.vigil.model.RootCause;
import io.vigil.model.IncidentStatus;
import io.vigil.model.ScoredPoint;
import io.vigil.model.WallClock;
import io.vigil.testing.ServiceGraphs;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

/** The incident session operator: open at once, update on material change, resolve and clear. */
class GroupIncidentsTest {
    static final CorrelateConfig CONFIG = ConfigLoader.defaults().correlate();
    static final long T0 = 1_700_000_000_000L;
    static final long GAP = CONFIG.sessionGap().toMillis();
    static final KeySelector<ScoredPoint, String> SCOPE = p -> "*";
    static final KeySelector<ChangeEvent, String> CHANGE_SCOPE = c -> "*";

    static ScoredPoint anomaly(String service, long ts, double score) {
        return new ScoredPoint("m{service=\"" + service + "\"}", "m", Map.of("service", service), service, ts, 10,
                1, 0, 2, score, Direction.UP, Map.of("robust", score), true);
    }

    static KeyedTwoInputStreamOperatorTestHarness<String, ScoredPoint, ChangeEvent, Incident> harness() throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new GroupIncidents(CONFIG, 1, WallClock.system())),
                SCOPE, CHANGE_SCOPE, Types.STRING);
        h.setup();
        return h;
    }

    @Test
    void session_opensUpdatesResolves_thenStateAndTimersCleared() throws Exception {
        var h = harness();
        h.open();
        h.processElement1(anomaly("payment", T0, 0.7), T0);
        h.processElement1(anomaly("payment", T0 + 60_000, 0.72), T0 + 60_000); // not material
        h.processElement1(anomaly("checkout", T0 + 120_000, 0.75), T0 + 120_000); // new series: material
        h.processBothWatermarks(new Watermark(T0 + 120_000 + GAP - 1));
        assertThat(h.extractOutputValues()).extracting(Incident::status)
                .containsExactly(IncidentStatus.OPEN, IncidentStatus.UPDATE);
        h.processBothWatermarks(new Watermark(T0 + 120_000 + GAP));
        var events = h.extractOutputValues();
        assertThat(events).extracting(Incident::status)
                .containsExactly(IncidentStatus.OPEN, IncidentStatus.UPDATE, IncidentStatus.RESOLVED);
        Incident resolved = events.get(2);
        assertThat(resolved.incidentId()).isEqualTo(events.get(0).incidentId());
        assertThat(resolved.anomalies()).isEqualTo(3);
        assertThat(resolved.affected()).hasSize(2);
        assertThat(resolved.rootCauses().get(0).service()).isEqualTo("payment");
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    @Test
    void newSeriesAfterTheJoinGap_isANewEpisode_whileTheFirstSeriesKeepsItsOwnOpen() throws Exception {
        long join = CONFIG.joinGap().toMillis();
        assertThat(join).isLessThan(GAP);
        var h = harness();
        h.open();
        h.processElement1(anomaly("payment", T0, 0.7), T0);
        // payment flaps within the session gap: still its incident.
        h.processElement1(anomaly("payment", T0 + join + 60_000, 0.7), T0 + join + 60_000);
        // cart first alarms more than the join gap after payment's last anomaly: a second fault.
        long cart = T0 + 2 * join + 180_000;
        h.processElement1(anomaly("cart", cart, 0.7), cart);
        // A new series within the join gap of cart's anomaly joins cart's incident.
        h.processElement1(anomaly("search", cart + 60_000, 0.7), cart + 60_000);
        h.processBothWatermarks(new Watermark(cart + 60_000 + GAP));
        var resolvedEvents = h.extractOutputValues().stream().filter(i -> i.status() == IncidentStatus.RESOLVED).toList();
        assertThat(resolvedEvents).hasSize(2);
        assertThat(resolvedEvents).extracting(i -> i.affected().stream().map(a -> a.service()).sorted().toList())
                .containsExactlyInAnyOrder(List.of("payment"), List.of("cart", "search"));
        assertThat(resolvedEvents.stream().filter(i -> i.affected().size() == 1).findFirst().orElseThrow().anomalies())
                .isEqualTo(2);
        h.close();
    }

    @Test
    void anomalyBeyondTheGap_startsASecondIncident() throws Exception {
        var h = harness();
        h.open();
        h.processElement1(anomaly("payment", T0, 0.7), T0);
        h.processElement1(anomaly("payment", T0 + GAP + 1, 0.7), T0 + GAP + 1);
        assertThat(h.extractOutputValues()).as("points wait for the watermark").isEmpty();
        h.processBothWatermarks(new Watermark(T0 + GAP + 1));
        var events = h.extractOutputValues();
        assertThat(events).extracting(Incident::status)
                .containsExactly(IncidentStatus.OPEN, IncidentStatus.RESOLVED, IncidentStatus.OPEN);
        assertThat(events.get(2).incidentId()).isNotEqualTo(events.get(0).incidentId());
        h.close();
    }

    @Test
    void snapshotRestore_openIncidentResolvesWithTheSameId() throws Exception {
        var h = harness();
        h.open();
        h.processElement1(anomaly("payment", T0, 0.7), T0);
        h.processBothWatermarks(new Watermark(T0));
        String id = h.extractOutputValues().get(0).incidentId();
        OperatorSubtaskState snapshot = h.snapshot(1L, T0);
        h.close();

        var restored = harness();
        restored.initializeState(snapshot);
        restored.open();
        assertThat(restored.numEventTimeTimers()).isEqualTo(1);
        restored.processBothWatermarks(new Watermark(T0 + GAP));
        assertThat(restored.extractOutputValues()).singleElement().satisfies(i -> {
            assertThat(i.status()).isEqualTo(IncidentStatus.RESOLVED);
            assertThat(i.incidentId()).isEqualTo(id);
        });
        assertThat(restored.numKeyedStateEntries()).isZero();
        assertThat(restored.numEventTimeTimers()).isZero();
        restored.close();
    }

    /** Twenty series joining at one time are one update, weighed after all of them (a storm ranks once a step). */
    @Test
    void manySeriesAtOneTime_oneUpdate() throws Exception {
        var h = harness();
        h.open();
        h.processElement1(anomaly("payment", T0, 0.7), T0);
        for (int i = 0; i < 20; i++) {
            h.processElement1(anomaly("svc" + i, T0 + 60_000, 0.7), T0 + 60_000);
        }
        h.processBothWatermarks(new Watermark(T0 + 60_000));
        assertThat(h.extractOutputValues()).extracting(Incident::status)
                .containsExactly(IncidentStatus.OPEN, IncidentStatus.UPDATE);
        assertThat(h.extractOutputValues().get(1).affected()).hasSize(21);
        h.close();
    }

    /**
     * Points a savepoint kept in the earlier layout ({@code pending-v1}: a list per time, written
     * here as that release wrote it) are taken up when their time comes, and nothing of it is left.
     */
    @Test
    void pendingListsOfTheEarlierLayout_drainedOnRestore() throws Exception {
        var old = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new PendingV1Writer()),
                SCOPE, CHANGE_SCOPE, Types.STRING);
        old.setup();
        old.open();
        old.processElement1(anomaly("payment", T0, 0.7), T0);
        old.processElement1(anomaly("checkout", T0, 0.7), T0);
        OperatorSubtaskState snapshot = old.snapshot(1L, T0 - 1);
        old.close();

        var h = harness();
        h.initializeState(snapshot);
        h.open();
        h.processBothWatermarks(new Watermark(T0));
        assertThat(h.extractOutputValues()).singleElement().satisfies(i -> {
            assertThat(i.status()).isEqualTo(IncidentStatus.OPEN);
            assertThat(i.affected()).hasSize(2);
        });
        h.processBothWatermarks(new Watermark(T0 + GAP));
        assertThat(h.extractOutputValues()).extracting(Incident::status)
                .containsExactly(IncidentStatus.OPEN, IncidentStatus.RESOLVED);
        assertThat(h.numKeyedStateEntries()).as("the old lists drained along with the rest").isZero();
        h.close();
    }

    /** What the operator saved before one entry per point: the time's whole list under pending-v1. */
    static final class PendingV1Writer extends org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction<
            String, ScoredPoint, ChangeEvent, Incident> {
        @Override
        public void processElement1(ScoredPoint p, Context ctx, org.apache.flink.util.Collector<Incident> out)
                throws Exception {
            var pending = getRuntimeContext().getMapState(new org.apache.flink.api.common.state.MapStateDescriptor<>(
                    GroupIncidents.LEGACY_PENDING_STATE, Types.LONG, Types.LIST(TypeInformation.of(ScoredPoint.class))));
            List<ScoredPoint> list = pending.get(p.timestampMs());
            List<ScoredPoint> next = list == null ? new java.util.ArrayList<>() : new java.util.ArrayList<>(list);
            next.add(p);
            pending.put(p.timestampMs(), next);
            ctx.timerService().registerEventTimeTimer(p.timestampMs());
        }

        @Override
        public void processElement2(ChangeEvent c, Context ctx, org.apache.flink.util.Collector<Incident> out) {}
    }

    static ScoredPoint subThreshold(String service, long ts, double score) {
        return new ScoredPoint("m{service=\"" + service + "\"}", "m", Map.of("service", service), service, ts, 10,
                1, 0, 2, score, Direction.UP, Map.of("seasonal", score), false);
    }

    @Test
    void silentMiddleService_rankedFromItsSubThresholdEvidence_neverOpensAnIncident() throws Exception {
        CorrelateConfig cfg = ServiceGraphs.with(CONFIG, (Map.of(
                "frontend", java.util.List.of("checkout"), "checkout", java.util.List.of("payment"))));
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new GroupIncidents(cfg, 1, WallClock.system())),
                SCOPE, CHANGE_SCOPE, Types.STRING);
        h.setup();
        h.open();
        h.processElement1(subThreshold("checkout", T0 - 30_000, 0.45), T0 - 30_000);
        assertThat(h.extractOutputValues()).as("evidence alone opens nothing").isEmpty();
        h.processElement1(anomaly("payment", T0, 0.8), T0);
        h.processElement1(anomaly("frontend", T0 + 20_000, 0.7), T0 + 20_000);
        h.processBothWatermarks(new Watermark(T0 + 20_000 + GAP));
        var events = h.extractOutputValues();
        Incident resolved = events.get(events.size() - 1);
        assertThat(resolved.status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(resolved.rootCauses().get(0).service()).isEqualTo("payment");
        assertThat(resolved.rootCauses()).extracting(RootCause::service).contains("checkout");
        assertThat(resolved.rootCauses().stream().filter(c -> c.service().equals("checkout")).findFirst()
                .orElseThrow().evidence()).contains("no alarm of its own", "moved to score 0.45");
        h.processBothWatermarks(new Watermark(T0 + 10 * GAP));
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    @Test
    void twoConcurrentFaults_inDisjointPartsOfTheGraph_stayTwoIncidents() throws Exception {
        // web -> api -> db and batch -> queue: unrelated stacks in one scope.
        CorrelateConfig cfg = ServiceGraphs.with(CONFIG, (Map.of(
                "web", java.util.List.of("api"), "api", java.util.List.of("db"), "batch", java.util.List.of("queue"))));
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new GroupIncidents(cfg, 1, WallClock.system())),
                SCOPE, CHANGE_SCOPE, Types.STRING);
        h.setup();
        h.open();
        h.processElement1(anomaly("db", T0, 0.8), T0);
        h.processElement1(anomaly("queue", T0 + 10_000, 0.8), T0 + 10_000);
        h.processElement1(anomaly("api", T0 + 20_000, 0.7), T0 + 20_000);
        h.processElement1(anomaly("batch", T0 + 30_000, 0.7), T0 + 30_000);
        h.processElement1(anomaly("web", T0 + 40_000, 0.7), T0 + 40_000);
        h.processBothWatermarks(new Watermark(T0 + 40_000 + GAP));
        var resolvedEvents = h.extractOutputValues().stream().filter(i -> i.status() == IncidentStatus.RESOLVED).toList();
        assertThat(resolvedEvents).hasSize(2);
        var byRoot = new java.util.HashMap<String, Incident>();
        resolvedEvents.forEach(i -> byRoot.put(i.rootCauses().get(0).service(), i));
        assertThat(byRoot.keySet()).containsExactlyInAnyOrder("db", "queue");
        assertThat(byRoot.get("db").affected()).extracting(a -> a.service()).containsExactlyInAnyOrder("db", "api", "web");
        assertThat(byRoot.get("queue").affected()).extracting(a -> a.service()).containsExactlyInAnyOrder("queue", "batch");
        assertThat(h.numKeyedStateEntries()).isZero();
        h.close();
    }

    @Test
    void deployJustBefore_attachedToTheIncident_andRaisesThatService() throws Exception {
        CorrelateConfig cfg = ServiceGraphs.with(CONFIG, (Map.of("api", java.util.List.of("cart", "search"))));
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new GroupIncidents(cfg, 1, WallClock.system())),
                SCOPE, CHANGE_SCOPE, Types.STRING);
        h.setup();
        h.open();
        h.processElement2(new ChangeEvent(T0 - 300_000, "search", "deploy", "v1.4.2", Map.of()), T0 - 300_000);
        h.processElement1(anomaly("cart", T0, 0.7), T0);
        h.processElement1(anomaly("search", T0, 0.7), T0);
        h.processBothWatermarks(new Watermark(T0 + GAP));
        Incident resolved = h.extractOutputValues().get(h.extractOutputValues().size() - 1);
        assertThat(resolved.status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(resolved.rootCauses().get(0).service()).isEqualTo("search");
        assertThat(resolved.rootCauses().get(0).evidence()).contains("deploy v1.4.2", "5 min before onset");
        assertThat(resolved.changes()).extracting(ChangeEvent::description).containsExactly("v1.4.2");
        h.processBothWatermarks(new Watermark(T0 + 100 * GAP));
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }
}
