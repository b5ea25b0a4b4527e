package io.vigil.model;

/**
 * One record as it arrived, before parsing: the payload plus where it came from, so that a record
 * that fails to parse can be sent to the dead-letter output with its coordinates.
 *
 * @param source Kafka topic or file name
 * @param partition Kafka partition, or -1 for files
 * @param offset Kafka offset, or the 1-based line number for files
 * @param format how to decode the payload
 * @param payload the bytes as received
 */
public record RawRecord(String source, int partition, long offset, InputFormat format, byte[] payload) {
    public RawRecord {
        if (source == null || format == null || payload == null) {
            throw new IllegalArgumentException("RawRecord needs source, format and payload");
        }
    }
}
