package io.vigil.ingest;

import java.util.Map;

/** What a decoded sample must satisfy beyond its syntax, in every format; each answers why not, or null. */
public interface SampleRules {
    /** Nothing refused (decoding alone, in tests and tools). */
    SampleRules NONE = new SampleRules() {
        @Override
        public String refuseSeries(String metric, Map<String, String> labels) {
            return null;
        }

        @Override
        public String refuseTime(int partition, long timestampMs) {
            return null;
        }
    };

    /** The series' name and labels (without {@code __name__}). */
    String refuseSeries(String metric, Map<String, String> labels);

    /** A sample time from {@code partition}; a time it takes counts as seen there. */
    String refuseTime(int partition, long timestampMs);
}
