package io.vigil.alert;

/** Names of the job accumulators the demo and replay summaries read back after the job ends. */
public final class Accumulators {
    public static final String ALERTS_SENT = "vigil-alerts-sent";
    public static final String ALERTS_SUPPRESSED = "vigil-alerts-suppressed";

    private Accumulators() {}
}
