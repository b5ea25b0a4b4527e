package io.vigil.eval.suite;

/** The kinds of anomaly the detection suite injects, each sized in units of the series' noise σ. */
public enum AnomalyKind {
    /** One point off by the size. */
    SPIKE,
    /** 3-8 points below by the size. */
    DIP,
    /** The level moved by the size for 2-4 hours, then back. */
    SHIFT,
    /** The noise five times as large for 1-2 hours. */
    BURST,
    /** A drift that reaches the size over 2 hours, then drops back. */
    RAMP;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
