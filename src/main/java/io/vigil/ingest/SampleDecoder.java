package io.vigil.ingest;

import io.vigil.model.MetricSample;

/** Turns one payload into one sample, or says why it can't. */
public interface SampleDecoder {
    /** Decodes the record found at {@code partition} and {@code offset} (see {@link MetricSample#offset()}). */
    MetricSample decode(byte[] payload, int partition, long offset) throws DecodeException;

    default MetricSample decode(byte[] payload) throws DecodeException {
        return decode(payload, -1, -1);
    }
}
