package io.vigil.correlate;

import io.vigil.config.CorrelateConfig;

import io.vigil.model.AffectedSeries;
import io.vigil.model.ChangeEvent;
import io.vigil.model.RootCause;
import io.vigil.model.Timestamps;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Ranks an incident's root-cause candidates by a personalised random walk on its anomaly subgraph
 * (the MicroRCA / CloudRanger family). A fault spreads from a service to its callers, so a walker
 * that starts at the anomalous services and steps towards their dependencies, in proportion to how
 * anomalous each dependency is, piles up where the fault began: each service keeps the walker in
 * proportion to its own anomaly (self-loop), a small backward step to callers keeps the walk from
 * dead-ending on a quiet leaf, and restarts favour early onset and strong anomalies. This uses
 * all three signals the ranking needs — position in the graph, onset order, strength — in one
 * score, and unlike "first anomaly wins" it survives a root whose metrics alarm a few seconds late.
 *
 * <p>Candidates are the affected services plus dependencies that bridge them: a service called by
 * an anomalous service that itself calls an anomalous one, or that shows sub-threshold evidence,
 * stays in the walk even with no anomaly of its own (the chain must not break at a silent middle
 * service). Without a graph, or when the graph connects none of the affected services, edges are
 * inferred from onset order (a later anomaly depends on an earlier one within the session gap)
 * and the evidence says so.
 */
public final class RootCauseRanker {
    static final double DAMPING = 0.85;
    static final double BACKWARD = 0.1;
    static final double EPSILON = 0.02;
    static final int ITERATIONS = 100;
    static final int MAX_ROOT_CAUSES = 3;
    /** A change on a candidate within the look-back multiplies its restart weight by this. */
    static final double CHANGE_BOOST = 3.0;
    /** Sub-threshold evidence is weaker than an anomaly: it counts this much of its score. */
    static final double SILENT_WEIGHT = 0.5;

    private final ServiceGraph graph;
    private final long gapMs;
    private final long changeLookBackMs;

    /**
     * The ranker for a job's settings and its session gap on the grid ({@link CorrelateConfig#sessionGapMs})
     * over {@code graph} (the current one: it may be reloaded).
     */
    public static RootCauseRanker of(CorrelateConfig config, long gapMs, ServiceGraph graph) {
        return new RootCauseRanker(graph, gapMs, config.changeLookBack().toMillis());
    }

    public RootCauseRanker(ServiceGraph graph, long gapMs, long changeLookBackMs) {
        this.graph = graph;
        this.gapMs = gapMs;
        this.changeLookBackMs = changeLookBackMs;
    }

    /** What the walk knows about one candidate service. */
    private static final class Node {
        final String service;
        String series = "";
        long onsetMs = Long.MAX_VALUE;
        double strength;
        boolean anomalous;
        double weak;
        ChangeEvent change;
        final List<Integer> deps = new ArrayList<>();
        final List<Integer> callers = new ArrayList<>();
        boolean inferred;

        Node(String service) {
            this.service = service;
        }

        /** How strongly the service itself looks faulty; sub-threshold evidence counts half. */
        double activity() {
            return anomalous ? strength : SILENT_WEIGHT * weak;
        }
    }

    /**
     * @param affected the incident's anomalous series
     * @param weak sub-threshold evidence by service (max score of points that moved but did not alarm)
     * @param changes recent change events (any service; those on candidates within the look-back count)
     */
    public List<RootCause> rank(List<AffectedSeries> affected, long startMs, Map<String, Double> weak,
            List<ChangeEvent> changes) {
        Map<String, Node> nodes = new LinkedHashMap<>();
        for (AffectedSeries a : affected) {
            String s = a.service().isEmpty() ? a.series() : a.service();
            Node n = nodes.computeIfAbsent(s, Node::new);
            n.anomalous = true;
            if (a.maxScore() > n.strength || n.series.isEmpty()) {
                n.series = a.series();
            }
            n.strength = Math.max(n.strength, a.maxScore());
            n.onsetMs = Math.min(n.onsetMs, a.firstAtMs());
        }
        if (nodes.isEmpty()) {
            return List.of();
        }
        addBridges(nodes, weak);
        List<Node> list = new ArrayList<>(nodes.values());
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            index.put(list.get(i).service, i);
        }
        boolean anyEdge = false;
        for (Node n : list) {
            for (String d : graph.dependencies(n.service)) {
                Integer j = index.get(d);
                if (j != null) {
                    n.deps.add(j);
                    list.get(j).callers.add(index.get(n.service));
                    anyEdge = true;
                }
            }
        }
        // Where the graph says nothing (no graph, or services it does not know), infer edges from
        // onset order for the anomalous services it leaves isolated.
        inferEdges(list, !anyEdge);
        for (ChangeEvent c : changes) {
            Integer j = index.get(c.service());
            if (j != null && relevant(c, startMs)) {
                Node n = list.get(j);
                if (n.change == null || c.timestampMs() > n.change.timestampMs()) {
                    n.change = c;
                }
            }
        }
        double[] score = walk(list, startMs);
        Integer[] order = new Integer[list.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -score[i])
                .thenComparingLong(i -> list.get(i).onsetMs).thenComparing(i -> list.get(i).service));
        List<RootCause> out = new ArrayList<>();
        for (int k = 0; k < Math.min(MAX_ROOT_CAUSES, order.length); k++) {
            Node n = list.get(order[k]);
            out.add(new RootCause(n.service, n.series, round(score[order[k]]), evidence(n, list, startMs)));
        }
        return out;
    }

    /** A change counts when it came within the look-back before the onset. */
    public boolean relevant(ChangeEvent c, long startMs) {
        return c.timestampMs() <= startMs && c.timestampMs() >= startMs - changeLookBackMs;
    }

    /** Silent services that connect anomalous ones, or that moved below the threshold, join the walk. */
    private void addBridges(Map<String, Node> nodes, Map<String, Double> weak) {
        Set<String> anomalous = new LinkedHashSet<>(nodes.keySet());
        for (String s : anomalous) {
            for (String d : graph.dependencies(s)) {
                if (nodes.containsKey(d)) {
                    continue;
                }
                boolean bridges = graph.dependencies(d).stream().anyMatch(anomalous::contains);
                Double w = weak.get(d);
                if (bridges || (w != null && w > 0)) {
                    Node n = nodes.computeIfAbsent(d, Node::new);
                    n.weak = w == null ? EPSILON : w;
                }
            }
        }
    }

    /**
     * A later anomaly is taken to depend on an earlier one within the gap: for every pair when the
     * graph connects none of the affected services ({@code all}), else only for anomalous services
     * the graph leaves isolated (it does not know them, or misses their edges).
     */
    private void inferEdges(List<Node> list, boolean all) {
        boolean[] isolated = new boolean[list.size()];
        for (int i = 0; i < list.size(); i++) {
            isolated[i] = all || (list.get(i).anomalous && list.get(i).deps.isEmpty() && list.get(i).callers.isEmpty());
        }
        for (int i = 0; i < list.size(); i++) {
            for (int j = 0; j < list.size(); j++) {
                Node later = list.get(i);
                Node earlier = list.get(j);
                if (i != j && (isolated[i] || isolated[j]) && later.anomalous && earlier.anomalous
                        && earlier.onsetMs < later.onsetMs && later.onsetMs - earlier.onsetMs <= gapMs
                        && !later.deps.contains(j)) {
                    later.deps.add(j);
                    earlier.callers.add(i);
                    later.inferred = true;
                    earlier.inferred = true;
                }
            }
        }
    }

    private double[] walk(List<Node> list, long startMs) {
        int n = list.size();
        double tau = Math.max(30_000, gapMs / 5.0);
        double[] restart = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            Node v = list.get(i);
            long onset = v.onsetMs == Long.MAX_VALUE ? startMs : v.onsetMs;
            restart[i] = (v.activity() + EPSILON) * Math.exp(-Math.max(0, onset - startMs) / tau)
                    * (v.change != null ? CHANGE_BOOST : 1);
            total += restart[i];
        }
        for (int i = 0; i < n; i++) {
            restart[i] /= total;
        }
        // Transition weights from each node: to dependencies, back to callers, and staying.
        double[][] to = new double[n][n];
        for (int i = 0; i < n; i++) {
            Node v = list.get(i);
            double sum = 0;
            for (int d : v.deps) {
                double w = list.get(d).activity() + EPSILON;
                to[i][d] += w;
                sum += w;
            }
            for (int c : v.callers) {
                double w = BACKWARD * (list.get(c).activity() + EPSILON);
                to[i][c] += w;
                sum += w;
            }
            // Staying is as likely as the service is anomalous itself: a walker leaves a mildly
            // anomalous caller for a strongly anomalous dependency and settles where the fault is.
            double self = v.activity() + EPSILON;
            to[i][i] += self;
            sum += self;
            for (int j = 0; j < n; j++) {
                to[i][j] = sum == 0 ? (i == j ? 1 : 0) : to[i][j] / sum;
            }
        }
        double[] p = restart.clone();
        for (int it = 0; it < ITERATIONS; it++) {
            double[] next = new double[n];
            for (int i = 0; i < n; i++) {
                next[i] = (1 - DAMPING) * restart[i];
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    next[j] += DAMPING * p[i] * to[i][j];
                }
            }
            p = next;
        }
        return p;
    }

    private String evidence(Node n, List<Node> list, long startMs) {
        StringBuilder sb = new StringBuilder();
        if (n.anomalous) {
            long lag = (n.onsetMs - startMs) / 1000;
            sb.append(lag == 0 ? "anomalous first" : "anomalous " + lag + "s after onset")
                    .append(String.format(Locale.ROOT, " (max score %.2f, %s)", n.strength, n.series));
        } else {
            sb.append(n.weak > EPSILON ? String.format(Locale.ROOT, "no alarm of its own, scores moved to %.2f", n.weak)
                    : "no anomaly of its own");
        }
        List<String> callers = anomalousNames(n.callers, list);
        if (!callers.isEmpty()) {
            sb.append("; called by anomalous ").append(String.join(", ", callers));
        }
        List<String> deps = anomalousNames(n.deps, list);
        sb.append(deps.isEmpty() ? "; calls nothing anomalous" : "; calls anomalous " + String.join(", ", deps));
        if (n.change != null) {
            sb.append("; ").append(n.change.kind()).append(n.change.description().isEmpty() ? "" : " " + n.change.description())
                    .append(" at ").append(Timestamps.format(n.change.timestampMs()))
                    .append(" (").append((startMs - n.change.timestampMs()) / 60_000).append(" min before onset)");
        }
        if (n.inferred) {
            sb.append("; edges inferred from onset order (not in the service graph)");
        }
        return sb.toString();
    }

    private static List<String> anomalousNames(List<Integer> idx, List<Node> list) {
        return idx.stream().map(list::get).filter(x -> x.anomalous || x.weak > EPSILON).map(x -> x.service).distinct()
                .toList();
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
