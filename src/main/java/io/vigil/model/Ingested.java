package io.vigil.model;

/**
 * What decoding yields for each sample of an input record: the sample, or (for a record or sample
 * Vigil cannot use) its dead letter. Exactly one of the two is set. Decoding happens in the Kafka
 * source itself, so that event time can be tracked per partition there; the two kinds part ways
 * right after.
 */
public record Ingested(MetricSample sample, DeadLetter deadLetter) {
    public Ingested {
        if ((sample == null) == (deadLetter == null)) {
            throw new IllegalArgumentException("Ingested holds a sample or a dead letter, exactly one");
        }
    }

    public static Ingested of(MetricSample sample) {
        return new Ingested(sample, null);
    }

    public static Ingested rejected(DeadLetter deadLetter) {
        return new Ingested(null, deadLetter);
    }
}
