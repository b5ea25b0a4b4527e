package io.vigil.model;

/**
 * A record Vigil could not use, with the reason, so nothing is dropped silently.
 *
 * @param stage the pipeline stage that rejected it (ingest-parse, features-late, ...)
 * @param partition Kafka partition, or -1
 * @param offset Kafka offset or file line number, or -1
 * @param payload the original payload, as text when it is valid UTF-8, else base64
 * @param payloadBase64 true when {@code payload} is base64
 * @param atMs when it was rejected (processing time, epoch ms)
 */
public record DeadLetter(
        String stage,
        String reason,
        String topic,
        int partition,
        long offset,
        String payload,
        boolean payloadBase64,
        long atMs) {}
