package io.vigil.pipeline;

import io.vigil.model.Alert;
import io.vigil.model.DeadLetter;
import io.vigil.model.Incident;
import io.vigil.model.OutputJson;
import io.vigil.model.ScoredPoint;

import org.apache.flink.api.common.serialization.SerializationSchema;

import java.nio.charset.StandardCharsets;

/**
 * Kafka key and value serializers of the four output topics. Concrete classes rather than lambdas:
 * the Kafka sink derives its lineage type from the schema's type argument, which a lambda erases.
 */
final class OutputSerializers {
    private OutputSerializers() {}

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Anomalies: keyed by series, so one series stays in order on one partition. */
    static final class Anomalies implements SerializationSchema<ScoredPoint> {
        private final boolean key;

        Anomalies(boolean key) {
            this.key = key;
        }

        @Override
        public byte[] serialize(ScoredPoint p) {
            return utf8(key ? p.series() : OutputJson.anomaly(p));
        }
    }

    /** Incidents: keyed by incident id (open, updates and resolution stay in order). */
    static final class Incidents implements SerializationSchema<Incident> {
        private final boolean key;

        Incidents(boolean key) {
            this.key = key;
        }

        @Override
        public byte[] serialize(Incident i) {
            return utf8(key ? i.incidentId() : OutputJson.incident(i));
        }
    }

    /** Alerts: keyed by fingerprint (firing and resolved stay in order). */
    static final class Alerts implements SerializationSchema<Alert> {
        private final boolean key;

        Alerts(boolean key) {
            this.key = key;
        }

        @Override
        public byte[] serialize(Alert a) {
            return utf8(key ? a.fingerprint() : OutputJson.alert(a));
        }
    }

    /** Dead letters: keyed by the stage that rejected them. */
    static final class DeadLetters implements SerializationSchema<DeadLetter> {
        private final boolean key;

        DeadLetters(boolean key) {
            this.key = key;
        }

        @Override
        public byte[] serialize(DeadLetter d) {
            return utf8(key ? d.stage() : OutputJson.deadLetter(d));
        }
    }
}
