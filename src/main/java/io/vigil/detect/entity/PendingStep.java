package io.vigil.detect.entity;

import io.vigil.model.CompactTypeInfo;
import io.vigil.model.ScoredPoint;
import io.vigil.model.WrittenBy;

import org.apache.flink.api.common.typeinfo.TypeInfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One grid step of an entity while it is judged (state {@code entity-steps-v1}, by step): each
 * member's deviation, score, value and expected value (NaN when absent), the members whose points are
 * anomalous, and those points themselves until the entity confirms or demotes them.
 *
 * @param relation the relation model's score when it found the step's combination of deviations
 *     anomalous, else 0
 * @param reported the step's entity anomaly has been emitted
 */
@TypeInfo(CompactTypeInfo.Factory.class)
@WrittenBy(PendingStepSerializer.class)
public record PendingStep(int version, double[] deviations, double[] scores, double[] values, double[] expected,
        int[] alerting,
        List<ScoredPoint> held, double relation, boolean reported) {
    public static final int VERSION = 1;

    /** A step of an entity of {@code members} series before any point (grown if one joins later). */
    static PendingStep empty(int members) {
        return new PendingStep(VERSION, absent(members), absent(members), absent(members), absent(members), new int[0],
                List.of(), 0, false);
    }

    private static double[] absent(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    private static double[] grow(double[] a, int n) {
        if (a.length >= n) {
            return a;
        }
        double[] g = Arrays.copyOf(a, n);
        Arrays.fill(g, a.length, n, Double.NaN);
        return g;
    }

    /** This step with member {@code i}'s point in; an anomalous point is held. */
    PendingStep with(int i, double deviation, ScoredPoint p) {
        double[] d = grow(deviations, i + 1);
        double[] sc = grow(scores, i + 1);
        double[] v = grow(values, i + 1);
        double[] e = grow(expected, i + 1);
        d[i] = deviation;
        sc[i] = p.score();
        v[i] = p.value();
        e[i] = p.expected();
        if (!p.anomalous()) {
            return new PendingStep(version, d, sc, v, e, alerting, held, relation, reported);
        }
        int[] a = Arrays.copyOf(alerting, alerting.length + 1);
        a[alerting.length] = i;
        List<ScoredPoint> h = new ArrayList<>(held);
        h.add(p);
        return new PendingStep(version, d, sc, v, e, a, h, relation, reported);
    }

    PendingStep flagged(double score) {
        return new PendingStep(version, deviations, scores, values, expected, alerting, held, score, reported);
    }

    boolean flagged() {
        return relation > 0;
    }

    /** This step with its held points released and, when {@code report}, its entity anomaly emitted. */
    PendingStep released(boolean report) {
        return new PendingStep(version, deviations, scores, values, expected, alerting, List.of(), relation,
                reported || report);
    }
}
