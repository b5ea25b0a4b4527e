package io.vigil.ingest;

import io.vigil.model.MetricSample;

/** Turns one payload into one sample, or says why it can't. */
public interface SampleDecoder {
    MetricSample decode(byte[] payload) throws DecodeException;
}
