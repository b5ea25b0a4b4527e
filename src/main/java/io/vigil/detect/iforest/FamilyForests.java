package io.vigil.detect.iforest;

import java.util.HashMap;
import java.util.Map;

/**
 * The family forests one scoring subtask knows: trained ones from the model directory (reloaded
 * when it changes) and ones fitted in the stream ({@link FitFamilies}, broadcast to every subtask).
 * A trained model wins: it saw weeks of history, a stream fit one refit period.
 */
public final class FamilyForests {
    private final ModelDirectory trained;
    private final Map<String, ForestModels.Model> fitted = new HashMap<>();

    /** @param trained the model directory, or null when none is configured */
    public FamilyForests(ModelDirectory trained) {
        this.trained = trained;
    }

    /** The family's model, or null; {@code nowMs} (wall clock) paces directory reloads. */
    public ForestModels.Model forFamily(String key, long nowMs) {
        ForestModels.Model m = trained == null ? null : trained.forKey("family", key, nowMs);
        return m != null ? m : fitted.get(key);
    }

    /** A model fitted in the stream replaces the family's previous one. */
    public void putFitted(ForestModels.Model m) {
        fitted.put(m.key(), m);
    }
}
