package io.vigil.detect;

import io.vigil.model.FeatureVector;

import java.io.Serializable;

/**
 * A detector kind's state in two keyed values: the part every point reads and writes, under the
 * kind's {@link DetectorKind#stateName()}, and a history only some points touch, under
 * {@link #historyStateName()}. On RocksDB every value read or written is deserialized or
 * serialized whole, so a long history kept inside the per-point value costs its full size twice per
 * point. The per-point part is the kind's state record with its history fields empty; a record with
 * them present is whole (as saved before the split, or made by a detector that had its history).
 *
 * @param <S> the kind's state record
 */
public interface StateSplit<S> extends Serializable {
    String historyStateName();

    Class<?> historyClass();

    /** Whether {@code state} carries its history (a whole state), rather than only the per-point part. */
    boolean whole(S state);

    /**
     * Whether scoring and learning {@code p} reads or changes the history; when false the detector is
     * restored from the per-point part alone and must not touch its history.
     */
    boolean touchesHistory(S perPoint, FeatureVector p);

    /** The per-point part of a whole state. */
    S perPoint(S whole);

    /** The history of a whole state. */
    Object history(S whole);

    /** The whole state from its two parts; {@code history} may be null (none saved: start it empty). */
    S join(S perPoint, Object history);
}
