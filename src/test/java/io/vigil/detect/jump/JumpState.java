package io.vigil.detect.jump;

/**
 * Savepoint form of {@link JumpDetector}.
 *
 * @param version state layout version (1)
 * @param last the previous value (NaN before the first)
 * @param meanJump mean absolute step-to-step change so far
 * @param count changes seen
 */
public record JumpState(int version, double last, double meanJump, long count) {
    public static final int VERSION = 1;
}
