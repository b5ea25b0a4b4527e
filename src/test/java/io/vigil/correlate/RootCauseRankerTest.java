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
        return new RootCauseRanker(g, GAP, LOOK_BACK).rank(affected, T0, List.of(), List.of());
    }

    /** Sub-threshold movement of one series: first seen seconds after T0, peak score. */
    static RecentEvidence.Item moved(String metric, String service, int firstS, double peak) {
        long at = T0 + firstS * 1000L;
        return new RecentEvidence.Item(metric + "{service=\"" + service + "\"}", service, at, at, peak, 12.5, 10, at + 60_000);
    }

    /** Sub-threshold movement below the expected value (5 against 10). */
    static RecentEvidence.Item fell(String metric, String service, int firstS, double peak) {
        long at = T0 + firstS * 1000L;
        return new RecentEvidence.Item(metric + "{service=\"" + service + "\"}", service, at, at, peak, 5, 10, at + 60_000);
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
        assertThat(r.get(0).evidence()).contains("called by checkout, which moved", "calls nothing that moved",
                "latency{service=\"payment\"} moved to score 0.80 at onset +20s");
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
                List.of(a("frontend", 0, 0.7), a("payment", 10, 0.8)), T0, List.of(moved("latency", "checkout", 5, 0.35)),
                List.of());
        assertThat(services(r)).startsWith("payment").contains("checkout", "frontend");
        RootCause middle = r.stream().filter(c -> c.service().equals("checkout")).findFirst().orElseThrow();
        assertThat(middle.evidence()).contains("no alarm of its own", "moved to score 0.35", "calls payment, which moved");
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
        List<RootCause> with = new RootCauseRanker(g, GAP, LOOK_BACK).rank(affected, T0, List.of(),
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
                .as("web's known edge needs no inference").contains("calls api");
    }

    @Test
    void serviceWhoseOwnSeriesMovedMost_outranksOneThatOnlyAlarmedOnce() {
        // Two peers behind one caller: "cart" has a lone alarm at the threshold, "search" no alarm
        // but its CPU, latency and errors all moved well past where cart's alarm did.
        ServiceGraph g = ServiceGraph.of(Map.of("api", List.of("cart", "search")));
        List<RootCause> r = new RootCauseRanker(g, GAP, LOOK_BACK).rank(List.of(a("cart", 0, 0.5), a("api", 30, 0.6)),
                T0, List.of(moved("cpu", "search", 0, 0.48), moved("errors", "search", 10, 0.49),
                        moved("latency", "search", 20, 0.47)), List.of());
        // api's latency (0.6) is diluted: latency moved on api and search (and cart).
        assertThat(services(r)).contains("search", "cart", "api");
        assertThat(services(r).indexOf("search")).isLessThan(services(r).indexOf("cart"));
        assertThat(r.stream().filter(c -> c.service().equals("search")).findFirst().orElseThrow().evidence())
                .contains("no alarm of its own", "3 of its series moved",
                        "errors{service=\"search\"} moved to score 0.49 (12.5, expected 10) at onset +10s");
    }

    @Test
    void metricMovingOnEveryServiceAtOnce_isNotEvidenceAboutAnyOne() {
        // A node-level series every pod reports moves on all five services (the node is busy), and
        // the real cause shows only on its own error rate, a little lower.
        ServiceGraph g = ServiceGraph.empty();
        List<RecentEvidence.Item> node = new ArrayList<>();
        for (String s : List.of("a", "b", "c", "d", "e")) {
            node.add(moved("node_cpu", s, 0, 0.6));
        }
        node.add(moved("errors", "c", 0, 0.5));
        List<RootCause> r = new RootCauseRanker(g, GAP, LOOK_BACK).rank(List.of(a("c", 0, 0.5)), T0, node, List.of());
        assertThat(services(r).get(0)).isEqualTo("c");
    }

    @Test
    void evidenceLongAfterTheOnset_doesNotRankTheOnset() {
        // An hour-long incident: what moved 20 minutes in is another story, not this onset's cause.
        ServiceGraph g = ServiceGraph.empty();
        List<RootCause> r = new RootCauseRanker(g, GAP, LOOK_BACK).rank(List.of(a("db", 0, 0.6)), T0,
                List.of(moved("latency", "web", 1200, 0.9)), List.of());
        assertThat(services(r)).containsExactly("db");
    }

    @Test
    void evidenceValues_fourSignificantDigits_plainWhereReadable() {
        assertThat(RootCauseRanker.number(40_423.7)).isEqualTo("40420");
        assertThat(RootCauseRanker.number(0.008512)).isEqualTo("0.008512");
        assertThat(RootCauseRanker.number(12.5)).isEqualTo("12.5");
        assertThat(RootCauseRanker.number(0)).isEqualTo("0");
        assertThat(RootCauseRanker.number(4.3e10)).isEqualTo("4.3E+10");
    }

    @Test
    void dependenciesWhoseTrafficFell_pointToTheirCaller() {
        // checkout fails its requests early (a code fault): its callers see errors, its
        // dependencies see less traffic. Each dependency fell on its own metric, more strongly than
        // checkout's own movement, so strength alone would name a dependency.
        ServiceGraph g = ServiceGraph.of(Map.of("frontend", List.of("checkout"),
                "checkout", List.of("payment", "shipping", "email")));
        List<RootCause> r = new RootCauseRanker(g, GAP, LOOK_BACK).rank(List.of(a("frontend", 0, 0.5)), T0,
                List.of(moved("memory", "checkout", 0, 0.35), fell("receive_bytes", "payment", 10, 0.55),
                        fell("ops", "shipping", 10, 0.55), fell("cpu", "email", 10, 0.55)),
                List.of());
        assertThat(services(r).get(0)).isEqualTo("checkout");
        // The same movements upwards (slowness downstream) keep the dependency first.
        List<RootCause> up = new RootCauseRanker(g, GAP, LOOK_BACK).rank(List.of(a("frontend", 0, 0.5)), T0,
                List.of(moved("memory", "checkout", 0, 0.35), moved("receive_bytes", "payment", 10, 0.55),
                        moved("ops", "shipping", 10, 0.55), moved("cpu", "email", 10, 0.55)),
                List.of());
        assertThat(services(up).get(0)).isIn("payment", "shipping", "email");
    }
}
