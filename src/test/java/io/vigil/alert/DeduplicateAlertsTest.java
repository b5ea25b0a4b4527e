package io.vigil.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.AlertConfig;
import io.vigil.config.ConfigLoader;
import io.vigil.model.AffectedSeries;
import io.vigil.model.Alert;
import io.vigil.model.AlertStatus;
import io.vigil.model.Incident;
import io.vigil.model.IncidentStatus;
import io.vigil.model.RootCause;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

/** The alert operator: fire once, escalate, resolve with the firing labels, rate-limit, clear. */
class DeduplicateAlertsTest {
    static final AlertConfig CONFIG = ConfigLoader.defaults().alert();
    static final long T0 = 1_700_000_000_000L;
    static final long LIMIT = CONFIG.rateLimit().toMillis();

    static Incident incident(String id, IncidentStatus status, long start, long end, double severity) {
        return new Incident(id, status, Map.of(), "payment", start, end,
                List.of(new AffectedSeries("m{service=\"payment\"}", "payment", start, end, 0.9, 3)),
                List.of(new RootCause("payment", "m{service=\"payment\"}", 1.0, "first anomalous")), List.of(), 0.9, 3,
                severity);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, Incident, Alert> harness() throws Exception {
        var h = unopened();
        h.open();
        return h;
    }

    static KeyedOneInputStreamOperatorTestHarness<String, Incident, Alert> unopened() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new DeduplicateAlerts(CONFIG)),
                (Incident i) -> AlertFingerprints.of(CONFIG.alertName(), i), Types.STRING);
        h.setup();
        return h;
    }

    /** A new operator from {@code snapshot}, as after a restart. */
    static KeyedOneInputStreamOperatorTestHarness<String, Incident, Alert> restored(OperatorSubtaskState snapshot)
            throws Exception {
        var h = unopened();
        h.initializeState(snapshot);
        h.open();
        return h;
    }

    static void send(KeyedOneInputStreamOperatorTestHarness<String, Incident, Alert> h, Incident i) throws Exception {
        h.processElement(i, i.endsAtMs());
    }

    @Test
    void lifecycle_firesEscalatesResolvesWithFiringLabel_thenClears() throws Exception {
        var h = harness();
        double warning = CONFIG.scoring().warningAt() + 0.01;
        double critical = CONFIG.scoring().criticalAt() + 0.01;
        send(h, incident("inc-1", IncidentStatus.OPEN, T0, T0, warning));
        send(h, incident("inc-1", IncidentStatus.UPDATE, T0, T0 + 60_000, warning + 0.01)); // same level
        send(h, incident("inc-1", IncidentStatus.UPDATE, T0, T0 + 120_000, critical)); // escalation
        // The incident calms down before it resolves; the resolution must still say "critical".
        send(h, incident("inc-1", IncidentStatus.RESOLVED, T0, T0 + 180_000, warning));
        List<Alert> alerts = h.extractOutputValues();
        assertThat(alerts).extracting(Alert::status)
                .containsExactly(AlertStatus.FIRING, AlertStatus.FIRING, AlertStatus.RESOLVED);
        assertThat(alerts).extracting(a -> a.labels().get("severity")).containsExactly("warning", "critical", "critical");
        assertThat(alerts).extracting(Alert::fingerprint).containsOnly(alerts.get(0).fingerprint());
        assertThat(alerts.get(2).endsAtMs()).isEqualTo(T0 + 180_000);

        assertThat(h.numKeyedStateEntries()).isEqualTo(1); // the ledger waits out the rate limit
        h.processWatermark(T0 + 120_000 + LIMIT);
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    @Test
    void newIncidentWithinRateLimit_suppressed_afterItFires() throws Exception {
        var h = harness();
        double warning = CONFIG.scoring().warningAt() + 0.01;
        send(h, incident("inc-1", IncidentStatus.OPEN, T0, T0, warning));
        send(h, incident("inc-1", IncidentStatus.RESOLVED, T0, T0 + 60_000, warning));
        send(h, incident("inc-2", IncidentStatus.OPEN, T0 + LIMIT - 60_000, T0 + LIMIT - 60_000, warning));
        send(h, incident("inc-2", IncidentStatus.RESOLVED, T0 + LIMIT - 60_000, T0 + LIMIT, warning));
        send(h, incident("inc-3", IncidentStatus.OPEN, T0 + LIMIT + 60_000, T0 + LIMIT + 60_000, warning));
        assertThat(h.extractOutputValues()).extracting(a -> a.incidentId() + ":" + a.status())
                .containsExactly("inc-1:FIRING", "inc-1:RESOLVED", "inc-3:FIRING");
        h.close();
    }

    @Test
    void belowMinimumSeverity_neverFiresNorResolves() throws Exception {
        var h = harness();
        double info = CONFIG.scoring().warningAt() - 0.2;
        send(h, incident("inc-1", IncidentStatus.OPEN, T0, T0, info));
        send(h, incident("inc-1", IncidentStatus.RESOLVED, T0, T0 + 60_000, info));
        assertThat(h.extractOutputValues()).isEmpty();
        h.processWatermark(T0 + 60_000 + LIMIT);
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    @Test
    void snapshotRestore_whileFiringAndWhileWaitingOutTheRateLimit_decidesAsUninterrupted() throws Exception {
        double warning = CONFIG.scoring().warningAt() + 0.01;
        double critical = CONFIG.scoring().criticalAt() + 0.01;
        List<Incident> whileFiring = List.of(
                incident("inc-1", IncidentStatus.OPEN, T0, T0, warning),
                incident("inc-1", IncidentStatus.UPDATE, T0, T0 + 60_000, critical));
        List<Incident> untilResolved = List.of(
                incident("inc-1", IncidentStatus.UPDATE, T0, T0 + 120_000, critical), // duplicate: nothing new
                incident("inc-1", IncidentStatus.RESOLVED, T0, T0 + 180_000, warning));
        // Within the rate limit of inc-1's last firing: suppressed, only if the ledger came back.
        List<Incident> nextIncident = List.of(
                incident("inc-2", IncidentStatus.OPEN, T0 + LIMIT / 2, T0 + LIMIT / 2, critical),
                incident("inc-2", IncidentStatus.RESOLVED, T0 + LIMIT / 2, T0 + LIMIT / 2 + 60_000, critical));

        var uninterrupted = harness();
        for (List<Incident> part : List.of(whileFiring, untilResolved, nextIncident)) {
            sendAll(uninterrupted, part);
        }
        List<Alert> expected = uninterrupted.extractOutputValues();
        uninterrupted.close();
        assertThat(expected).extracting(a -> a.incidentId() + ":" + a.status() + ":" + a.labels().get("severity"))
                .containsExactly("inc-1:FIRING:warning", "inc-1:FIRING:critical", "inc-1:RESOLVED:critical");

        var h = harness();
        sendAll(h, whileFiring);
        List<Alert> alerts = new java.util.ArrayList<>(h.extractOutputValues());
        OperatorSubtaskState firing = h.snapshot(1L, T0 + 60_000);
        h.close();

        var second = restored(firing);
        sendAll(second, untilResolved);
        alerts.addAll(second.extractOutputValues());
        assertThat(second.numEventTimeTimers()).as("the ledger's clean-up timer").isEqualTo(1);
        OperatorSubtaskState waiting = second.snapshot(2L, T0 + 180_000);
        second.close();

        var third = restored(waiting);
        assertThat(third.numEventTimeTimers()).as("the clean-up timer survives the restore").isEqualTo(1);
        sendAll(third, nextIncident);
        alerts.addAll(third.extractOutputValues());
        assertThat(alerts).isEqualTo(expected);

        third.processWatermark(T0 + LIMIT / 2 + 60_000 + LIMIT);
        assertThat(third.numKeyedStateEntries()).isZero();
        assertThat(third.numEventTimeTimers()).isZero();
        third.close();
    }

    static void sendAll(KeyedOneInputStreamOperatorTestHarness<String, Incident, Alert> h, List<Incident> incidents)
            throws Exception {
        for (Incident i : incidents) {
            send(h, i);
        }
    }
}
