package io.vigil.eval.nab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A NAB cost profile: what a detection inside a window earns, what one outside costs and what a
 * missed window costs. NAB's tnWeight is never used by its scorer and is left out.
 */
public record NabProfile(String name, double tpWeight, double fpWeight, double fnWeight) {
    public static final NabProfile STANDARD = new NabProfile("standard", 1.0, 0.11, 1.0);
    public static final NabProfile REWARD_LOW_FP = new NabProfile("reward_low_FP_rate", 1.0, 0.22, 1.0);
    public static final NabProfile REWARD_LOW_FN = new NabProfile("reward_low_FN_rate", 1.0, 0.11, 2.0);

    public NabProfile {
        if (!(tpWeight > 0 && fpWeight >= 0 && fnWeight >= 0)) {
            throw new IllegalArgumentException("profile " + name + ": weights must be positive, got tp=" + tpWeight
                    + " fp=" + fpWeight + " fn=" + fnWeight);
        }
    }

    /** NAB's three profiles, in NAB's order. */
    public static List<NabProfile> standardProfiles() {
        return List.of(STANDARD, REWARD_LOW_FP, REWARD_LOW_FN);
    }

    /** Profiles from NAB's {@code profiles.json} ({@code {"name": {"CostMatrix": {...}}}}). */
    public static List<NabProfile> read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        List<NabProfile> out = new ArrayList<>();
        root.fields().forEachRemaining(e -> {
            JsonNode m = e.getValue().path("CostMatrix");
            if (!m.has("tpWeight") || !m.has("fpWeight") || !m.has("fnWeight")) {
                throw new IllegalArgumentException(file + ": profile " + e.getKey()
                        + " lacks CostMatrix.tpWeight/fpWeight/fnWeight");
            }
            out.add(new NabProfile(e.getKey(), m.get("tpWeight").asDouble(), m.get("fpWeight").asDouble(),
                    m.get("fnWeight").asDouble()));
        });
        return out;
    }
}
