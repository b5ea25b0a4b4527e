package io.vigil.features;

import io.vigil.model.CompactTypeInfo;
import io.vigil.model.WrittenBy;

import org.apache.flink.api.common.typeinfo.TypeInfo;

import java.util.Arrays;

/**
 * What the resampler reads and writes with every sample of a series: its cursor (without its name
 * and labels, {@link SeriesCursor#bare}) and its open steps, up to {@link #INLINE} of them here and
 * any more in the resampler's map state. A series sampled about once a step has one or two steps
 * open (the newest, and the one before while the watermark has yet to pass it), so its samples
 * touch one value; a backlog's many open steps stay in the map, one value each. State value of
 * {@link ResampleSeries}.
 *
 * @param open open steps kept inline, at most {@link #INLINE}, in no particular order
 * @param overflow open steps in the map state (0: no need to look there)
 * @param identity the series' {@link SeriesIdentity} as {@link SeriesIdentity#toBytes bytes}, decoded
 *     only when a step closes; null in a value saved before it moved in (then it is in the
 *     resampler's {@code resample-identity-v1} value)
 */
@TypeInfo(CompactTypeInfo.Factory.class)
@WrittenBy(ResampleStateSerializer.class)
public record ResampleState(SeriesCursor cursor, StepAccumulator[] open, int overflow, byte[] identity) {
    static final int INLINE = 2;
    private static final StepAccumulator[] NONE = new StepAccumulator[0];

    static ResampleState of(SeriesCursor cursor, byte[] identity) {
        return new ResampleState(cursor, NONE, 0, identity);
    }

    ResampleState withCursor(SeriesCursor c) {
        return new ResampleState(c, open, overflow, identity);
    }

    ResampleState withIdentity(byte[] id) {
        return new ResampleState(cursor, open, overflow, id);
    }

    /** The inline open step that starts at {@code step}, or null. */
    StepAccumulator inline(long step) {
        for (StepAccumulator a : open) {
            if (a.stepStart() == step) {
                return a;
            }
        }
        return null;
    }

    boolean inlineFull() {
        return open.length >= INLINE;
    }

    /** With {@code acc} inline, replacing the inline step of the same start if there is one. */
    ResampleState withInline(StepAccumulator acc) {
        for (int i = 0; i < open.length; i++) {
            if (open[i].stepStart() == acc.stepStart()) {
                StepAccumulator[] next = open.clone();
                next[i] = acc;
                return new ResampleState(cursor, next, overflow, identity);
            }
        }
        StepAccumulator[] next = Arrays.copyOf(open, open.length + 1);
        next[open.length] = acc;
        return new ResampleState(cursor, next, overflow, identity);
    }

    /** Without the inline step that starts at {@code step}, which must be inline. */
    ResampleState withoutInline(long step) {
        StepAccumulator[] next = new StepAccumulator[open.length - 1];
        int n = 0;
        for (StepAccumulator a : open) {
            if (a.stepStart() != step) {
                next[n++] = a;
            }
        }
        return new ResampleState(cursor, next, overflow, identity);
    }

    ResampleState withOverflow(int delta) {
        return new ResampleState(cursor, open, overflow + delta, identity);
    }

    /** Open steps, inline and in the map. */
    int openSteps() {
        return open.length + overflow;
    }

    /** No step open, inline or in the map. */
    boolean noneOpen() {
        return open.length == 0 && overflow == 0;
    }
}
