package io.vigil.config;

/** How a short gap in a series is filled on the grid. */
public enum FillMethod {
    LINEAR,
    PREVIOUS,
    ZERO,
    NONE;

    public static FillMethod parse(String s) {
        return switch (s) {
            case "linear" -> LINEAR;
            case "previous" -> PREVIOUS;
            case "zero" -> ZERO;
            case "none" -> NONE;
            default -> throw new IllegalArgumentException("expected linear, previous, zero or none");
        };
    }
}
