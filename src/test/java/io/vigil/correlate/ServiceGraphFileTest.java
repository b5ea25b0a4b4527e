package io.vigil.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.config.ConfigLoader;
import io.vigil.model.AffectedSeries;
import io.vigil.model.Incident;
import io.vigil.model.IncidentStatus;
import io.vigil.model.ScoredPoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** services.yaml: edges, label matchers, clear errors; and incident updates when the top cause moves. */
class ServiceGraphFileTest {
    @TempDir
    Path dir;

    @Test
    void shippedShopGraph_loads_withEdgesAndDistances() {
        ServiceGraph g = ServiceGraphFile.read(Path.of("flink-conf/services.yaml"));
        assertThat(g.services()).hasSize(6);
        assertThat(g.dependencies("frontend")).containsExactlyInAnyOrder("checkout", "catalog");
        assertThat(g.callers("inventory")).containsExactlyInAnyOrder("catalog", "cart");
        assertThat(g.distance("payment", "cart")).isEqualTo(2);
        assertThat(g.distance("payment", "nowhere")).isEqualTo(Integer.MAX_VALUE);
        var cfg = ConfigLoader.load(null, Map.of("correlate.services", "flink-conf/services.yaml"));
        assertThat(ServiceGraphFile.load(cfg.correlate())).isEqualTo(g);
    }

    @Test
    void matchLabels_nameTheService_undeclaredDependenciesBecomeServices() throws Exception {
        Path f = dir.resolve("services.yaml");
        Files.writeString(f, """
                services:
                  - name: checkout
                    match: {namespace: shop, app: checkout-v2}
                    dependsOn: [postgres]
                """);
        ServiceGraph g = ServiceGraphFile.read(f);
        assertThat(g.contains("postgres")).isTrue();
        assertThat(g.serviceOf(Map.of("namespace", "shop", "app", "checkout-v2"), "unknown")).isEqualTo("checkout");
        assertThat(g.serviceOf(Map.of("namespace", "shop", "app", "other"), "fallback")).isEqualTo("fallback");
    }

    @Test
    void errors_nameFileEntryAndField() throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "services:\n  - name: a\n    dependson: [b]\n");
        assertThatThrownBy(() -> ServiceGraphFile.read(f)).hasMessageContaining("services[0]")
                .hasMessageContaining("unknown field 'dependson'");
        Files.writeString(f, "services:\n  - name: a\n    dependsOn: [a]\n");
        assertThatThrownBy(() -> ServiceGraphFile.read(f)).hasMessageContaining("depends on itself");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("correlate.services", dir.resolve("none.yaml").toString())))
                .hasMessageContaining("correlate.services").hasMessageContaining("does not exist");
    }

    @Test
    void topCauseChange_isMaterial() {
        long t = 1_700_000_000_000L;
        ScoredPoint p = new ScoredPoint("m{service=\"a\"}", "m", Map.of("service", "a"), "a", t, 1, 0, 0, 0, 0.8,
                io.vigil.model.Direction.UP, Map.of(), true);
        OpenIncident inc = IncidentTracker.open(Map.of(), "*", p, 300_000);
        RootCauseRanker ranker = new RootCauseRanker(ServiceGraph.empty(), 300_000, 1_800_000);
        Incident first = IncidentTracker.toEvent(inc, IncidentStatus.OPEN, ranker, List.of(), List.of());
        OpenIncident reported = IncidentTracker.reported(inc, first);
        assertThat(IncidentTracker.materialChange(reported, first)).isFalse();
        Incident other = new Incident(first.incidentId(), IncidentStatus.UPDATE, Map.of(), "a", t, t,
                List.of(new AffectedSeries("m", "a", t, t, 0.8, 1)),
                List.of(new io.vigil.model.RootCause("b", "", 1, "")), List.of(), 0.8, 1, 0);
        assertThat(IncidentTracker.materialChange(reported, other)).isTrue();
    }
}
