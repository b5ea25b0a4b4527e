package io.vigil.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.AffectedSeries;
import io.vigil.model.ChangeEvent;
import io.vigil.model.RootCause;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Hand-made graphs whose root cause is known. */
class RootCauseRankerTest {
    static final long T0 = 1_700_000_000_000L;
    static final long GAP = 300_000;
    static final long LOOK_BACK = 1_800_000;

    /** An anomalous service: onset seconds after T0 and max score. */
    static AffectedSeries a(String service, int onsetS, double score) {
        return new AffectedSeries("latency{service=\"" + service + "\"}", service, T0 + onsetS * 1000L,
                T0 + onsetS * 1000L + 60_000, score, 3);
    }

    static List<RootCause> rank(ServiceGraph g, List<AffectedSeries> affected) {
        return new RootCauseRanker(g, GAP, LOOK_BACK).rank(affected, T0, Map.of(), List.of());
    }

    static List<String> services(List<RootCause> r) {
        return r.stream().map(RootCause::service).toList();
    }

    @Test
    void chain_rootAtTheBottom_evenWhenItsAlarmComesLast() {
        ServiceGraph g = ServiceGraph.of(Map.of("frontend", List.of("checkout"), "checkout", List.of("payment")));
        // The root's own alarm lags its callers' by 20 s (a slow metric): onset order alone would be wrong.
        List<RootCause> r = rank(g, List.of(a("frontend", 0, 0.7), a("checkout", 5, 0.75), a("payment", 20, 0.8)));
        assertThat(services(r)).startsWith("payment");
        assertThat(r.get(0).evidence()).contains("called by anomalous checkout", "calls nothing anomalous");
        assertThat(r.get(0).score()).isGreaterThan(r.get(1).score());
    }

    @Test
    void fanIn_sharedDependencyOfSeveralCallers() {
        ServiceGraph g = ServiceGraph.of(Map.of("a", List.of("db"), "b", List.of("db"), "c", List.of("db")));
        List<RootCause> r = rank(g, List.of(a("a", 0, 0.8), a("b", 2, 0.8), a("c", 4, 0.8), a("db", 3, 0.6)));
        assertThat(services(r).get(0)).isEqualTo("db");
    }

    @Test
    void diamond_bottomOfTheDiamond() {
        ServiceGraph g = ServiceGraph.of(Map.of("top", List.of("left", "right"), "left", List.of("bottom"),
                "right", List.of("bottom")));
        List<RootCause> r = rank(g, List.of(a("top", 10, 0.7), a("left", 5, 0.7), a("right", 6, 0.7),
                a("bottom", 0, 0.7)));
        assertThat(services(r).get(0)).isEqualTo("bottom");
    }

    @Test
    void silentMiddleService_chainDoesNotBreak() {
        // frontend -> checkout (no alarm of its own) -> payment: payment is the cause, checkout a
        // candidate that merely carried it.
        ServiceGraph g = ServiceGraph.of(Map.of("frontend", List.of("checkout"), "checkout", List.of("payment")));
        List<RootCause> r = new RootCauseRanker(g, GAP, LOOK_BACK).rank(
                List.of(a("frontend", 0, 0.7), a("payment", 10, 0.8)), T0, Map.of("checkout", 0.35), List.of());
        assertThat(services(r)).startsWith("payment").contains("checkout", "frontend");
        RootCause middle = r.stream().filter(c -> c.service().equals("checkout")).findFirst().orElseThrow();
        assertThat(middle.evidence()).contains("no alarm of its own, scores moved to 0.35", "calls anomalous payment");
        // Without the sub-threshold evidence the bridge is kept anyway: it connects two anomalies.
        List<RootCause> silent = rank(g, List.of(a("frontend", 0, 0.7), a("payment", 10, 0.8)));
        assertThat(services(silent).get(0)).isEqualTo("payment");
        assertThat(services(silent)).contains("checkout");
    }

    @Test
    void deployJustBefore_raisesThatCandidate() {
        // Two equally anomalous peers with no edge between them; one was deployed 4 minutes earlier.
        ServiceGraph g = ServiceGraph.of(Map.of("api", List.of("cart", "search")));
        List<AffectedSeries> affected = List.of(a("cart", 0, 0.7), a("search", 0, 0.7));
        List<RootCause> without = rank(g, affected);
        List<RootCause> with = new RootCauseRanker(g, GAP, LOOK_BACK).rank(affected, T0, Map.of(),
                List.of(new ChangeEvent(T0 - 240_000, "search", "deploy", "v1.4.2", Map.of()),
                        new ChangeEvent(T0 - 7_200_000, "cart", "deploy", "v9 (too old to matter)", Map.of())));
        assertThat(services(without).get(0)).isEqualTo("cart"); // tie broken by name
        assertThat(services(with).get(0)).isEqualTo("search");
        assertThat(with.get(0).evidence()).contains("deploy v1.4.2", "4 min before onset");
        assertThat(with.get(1).evidence()).doesNotContain("deploy");
    }

    @Test
    void noGraph_edgesInferredFromOnsetOrder_andSaid() {
        List<RootCause> r = rank(ServiceGraph.empty(), List.of(a("web", 30, 0.7), a("db", 0, 0.7), a("cache", 15, 0.7)));
        assertThat(services(r).get(0)).isEqualTo("db");
        assertThat(r.get(0).evidence()).contains("inferred from onset order");
    }

    @Test
    void scoresAreAShare_bestFirst() {
        ServiceGraph g = ServiceGraph.of(Map.of("a", List.of("b"), "b", List.of("c")));
        List<RootCause> r = rank(g, List.of(a("a", 0, 0.6), a("b", 0, 0.6), a("c", 0, 0.9)));
        List<Double> scores = new ArrayList<>(r.stream().map(RootCause::score).toList());
        assertThat(scores).isSortedAccordingTo((x, y) -> Double.compare(y, x));
        assertThat(scores.stream().mapToDouble(Double::doubleValue).sum()).isLessThanOrEqualTo(1.0 + 1e-3);
    }

    @Test
    void graphMissingAService_itsEdgesAreInferred_andSaid() {
        // The graph knows web -> api but not the cache both started failing after.
        ServiceGraph g = ServiceGraph.of(Map.of("web", List.of("api")));
        List<RootCause> r = rank(g, List.of(a("cache", 0, 0.8), a("api", 20, 0.7), a("web", 30, 0.7)));
        assertThat(services(r).get(0)).isEqualTo("cache");
        assertThat(r.get(0).evidence()).contains("inferred from onset order");
        assertThat(r.stream().filter(c -> c.service().equals("web")).findFirst().orElseThrow().evidence())
                .as("web's known edge needs no inference").contains("calls anomalous api");
    }
}
