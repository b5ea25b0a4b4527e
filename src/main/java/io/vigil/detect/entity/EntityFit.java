package io.vigil.detect.entity;

import io.vigil.model.CompactTypeInfo;
import io.vigil.model.WrittenBy;

import org.apache.flink.api.common.typeinfo.TypeInfo;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * An entity's members and its fitted relation model (state {@code entity-fit-v1}), written when a
 * series joins or the model is refitted.
 *
 * @param members the entity's series in the order they joined (their index everywhere else)
 * @param labels the labels all members share (an entity anomaly carries them)
 * @param n how many of them the fit covers (0: not fitted yet)
 * @param inverse Σ⁻¹ of the first {@code n} members, row-major
 * @param groups each fitted member's group (members that move alike share one)
 * @param fittedAtMs the step of the last fit (the entity's first step before any)
 */
@TypeInfo(CompactTypeInfo.Factory.class)
@WrittenBy(EntityFitSerializer.class)
public record EntityFit(int version, String[] members, Map<String, String> labels, int n, double[] inverse,
        int[] groups, long fittedAtMs) {
    public static final int VERSION = 1;

    static EntityFit start(long stepMs) {
        return new EntityFit(VERSION, new String[0], Map.of(), 0, new double[0], new int[0], stepMs);
    }

    /** Each member's slot, by series id (a new map, for the caller to extend). */
    Map<String, Integer> slots() {
        Map<String, Integer> slots = new HashMap<>();
        for (int i = 0; i < members.length; i++) {
            slots.put(members[i], i);
        }
        return slots;
    }

    EntityFit withMember(String series, Map<String, String> seriesLabels) {
        String[] m = Arrays.copyOf(members, members.length + 1);
        m[members.length] = series;
        Map<String, String> common = new HashMap<>(members.length == 0 ? seriesLabels : labels);
        common.entrySet().removeIf(e -> !e.getValue().equals(seriesLabels.get(e.getKey())));
        return new EntityFit(version, m, Map.copyOf(common), n, inverse, groups, fittedAtMs);
    }

    EntityFit refitted(RelationModel.Fit f, long atMs) {
        return new EntityFit(version, members, labels, f.n(), f.inverse(), f.groups(), atMs);
    }

    /** The group of member {@code i}; a member the fit does not cover is a group of its own. */
    int groupOf(int i) {
        return i < n ? groups[i] : n + i;
    }

    RelationModel.Fit model() {
        return n == 0 ? null : new RelationModel.Fit(n, inverse, groups);
    }
}
