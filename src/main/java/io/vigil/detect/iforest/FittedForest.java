package io.vigil.detect.iforest;

/**
 * A family's forest fitted in the stream, as {@link ModelBytes}: broadcast to every scoring subtask,
 * which keeps the bytes in its broadcast state (so a restore needs no refit).
 */
public record FittedForest(String family, byte[] model) {}
