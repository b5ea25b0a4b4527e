package io.vigil.demo;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo as a user runs it (embedded Kafka, local Flink, exactly-once sinks, draining stop), at
 * full speed. The injected faults are the known answer: Vigil must find them, raise few incidents
 * that match none, and compress anomalous points into far fewer incidents and pages.
 */
class DemoIT {
    @Test
    void demo_fullScenario_detectsInjectedIncidentsWithFewFalseOnes() throws Exception {
        List<String> printed = new ArrayList<>();
        DemoReport.Summary s = DemoRunner.run(new DemoRunner.Options(12, 0, 42, 2), printed::add, () -> false);

        assertThat(s.matches()).hasSize(5);
        assertThat(s.recall()).as("recall on injected incidents").isGreaterThanOrEqualTo(0.8);
        assertThat(s.unmatchedIncidents()).as("incidents matching no injected fault").isLessThanOrEqualTo(1);
        assertThat(s.deadLetters()).as("every malformed record is dead-lettered").isEqualTo(s.malformed()).isPositive();
        long gridPoints = 30L * 12 * 60;
        assertThat(s.anomalousPoints()).isPositive().isLessThan(gridPoints / 50);
        assertThat(s.vigilIncidents()).isLessThanOrEqualTo((int) (s.anomalousPoints() / 5));
        assertThat(s.alertsFiring()).isGreaterThanOrEqualTo(s.detected());
        assertThat(s.alertsResolved()).as("every page is resolved once the scenario drains").isEqualTo(
                s.matches().stream().filter(DemoReport.Match::detected).count());
        assertThat(printed).anySatisfy(l -> assertThat(l).contains(">>> injecting: payment latency"))
                .anySatisfy(l -> assertThat(l).contains("ALERT FIRING"))
                .anySatisfy(l -> assertThat(l).contains("RESOLVED"));
        assertThat(DemoReport.render(s, 12)).anySatisfy(l -> assertThat(l).contains("recall"));
    }
}
