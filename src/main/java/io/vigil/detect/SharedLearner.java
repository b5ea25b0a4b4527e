package io.vigil.detect;

import io.vigil.model.FeatureVector;

import java.util.List;

/**
 * A module's shared-model fitting driven in memory (the evaluation), with the same rule the stream
 * uses: which points it learns from and when it fits.
 */
public interface SharedLearner {
    /**
     * Learns from one scored point (after its score, as the stream's model arrives after it too).
     *
     * @param muted the point is in a mute window
     * @param frozen the point is in a freeze window
     * @return the models fitted at this point (usually none)
     */
    List<SharedModel> learn(FeatureVector p, boolean muted, boolean frozen);

    /**
     * Whether {@code p} may teach a model shared by many series, in the stream and in memory alike:
     * a measured value (not gap-filled, not a series' end) in no mute or freeze window.
     */
    static boolean teaches(FeatureVector p, boolean muted, boolean frozen) {
        return !p.end() && !p.filled() && !muted && !frozen;
    }
}
