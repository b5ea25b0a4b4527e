package io.vigil.correlate;

import org.jgrapht.Graph;
import org.jgrapht.Graphs;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which service calls which (JGraphT; an edge points from caller to callee, as {@code dependsOn}
 * reads), and how a series' labels name its service. Configuration, never keyed state: the
 * operators hold it and reload it when its file changes.
 */
public final class ServiceGraph implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A service's extra label matchers: a series belongs to it when all of them match. */
    public record Matcher(String service, Map<String, String> labels) implements Serializable {}

    private final Graph<String, DefaultEdge> graph;
    private final List<Matcher> matchers;

    public ServiceGraph(Graph<String, DefaultEdge> graph, List<Matcher> matchers) {
        this.graph = graph;
        this.matchers = List.copyOf(matchers);
    }

    public static ServiceGraph empty() {
        return new ServiceGraph(new DefaultDirectedGraph<>(DefaultEdge.class), List.of());
    }

    /** Builds a graph from {@code service -> dependencies}. */
    public static ServiceGraph of(Map<String, List<String>> dependsOn) {
        Graph<String, DefaultEdge> g = new DefaultDirectedGraph<>(DefaultEdge.class);
        dependsOn.forEach((s, deps) -> {
            g.addVertex(s);
            for (String d : deps) {
                g.addVertex(d);
                g.addEdge(s, d);
            }
        });
        return new ServiceGraph(g, List.of());
    }

    public boolean isEmpty() {
        return graph.vertexSet().isEmpty();
    }

    public boolean contains(String service) {
        return graph.containsVertex(service);
    }

    public Set<String> services() {
        return graph.vertexSet();
    }

    /** The services {@code service} calls. */
    public List<String> dependencies(String service) {
        return contains(service) ? Graphs.successorListOf(graph, service) : List.of();
    }

    /** The services that call {@code service}. */
    public List<String> callers(String service) {
        return contains(service) ? Graphs.predecessorListOf(graph, service) : List.of();
    }

    /** Calls between two services in either direction (0 for the same service; MAX_VALUE if unconnected). */
    public int distance(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        if (!contains(a) || !contains(b)) {
            return Integer.MAX_VALUE;
        }
        var path = new org.jgrapht.alg.shortestpath.BFSShortestPath<>(new org.jgrapht.graph.AsUndirectedGraph<>(graph))
                .getPath(a, b);
        return path == null ? Integer.MAX_VALUE : path.getLength();
    }

    /**
     * The service a series belongs to: the first service whose {@code match} labels all agree,
     * else {@code fallback} (the service label's value).
     */
    public String serviceOf(Map<String, String> labels, String fallback) {
        for (Matcher m : matchers) {
            boolean all = true;
            for (var e : m.labels().entrySet()) {
                all &= e.getValue().equals(labels.get(e.getKey()));
            }
            if (all && !m.labels().isEmpty()) {
                return m.service();
            }
        }
        return fallback;
    }

    /** Edges as {@code caller -> callee} strings, sorted (for logs and tests). */
    public List<String> edges() {
        return graph.edgeSet().stream().map(e -> graph.getEdgeSource(e) + " -> " + graph.getEdgeTarget(e)).sorted()
                .toList();
    }

    @Override
    public String toString() {
        return "ServiceGraph[services=" + new java.util.TreeSet<>(services()) + ", edges=" + edges() + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServiceGraph g && g.services().equals(services()) && g.edges().equals(edges())
                && g.matchers.equals(matchers);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(services(), edges(), matchers);
    }
}
