package io.vigil.pipeline;

/**
 * Operator uids: savepoint identity of every operator. Never rename one (its state would be lost
 * on restore); a stateful operator whose state shape changes gets a new state descriptor instead.
 */
public final class OperatorIds {
    public static final String SOURCE_KAFKA = "ingest-source-kafka";
    public static final String SOURCE_FILE = "ingest-source-file";
    public static final String SOURCE_COLLECTION = "ingest-source-collection";
    public static final String INGEST_DECODE = "ingest-decode";
    public static final String INGEST_PARSE = "ingest-parse";
    public static final String INGEST_WATERMARKS = "ingest-watermarks";
    public static final String FEATURES_RESAMPLE = "features-resample";
    public static final String FEATURES_LATE = "features-late-to-deadletter";
    public static final String FEATURES_COMPUTE = "features-compute";
    public static final String DETECT_SCORE = "detect-score";
    public static final String DETECT_ANOMALIES = "detect-anomalies";
    public static final String DETECT_SCORES = "detect-scores";
    /** The points that go on from the scorer when no module judges them ({@link ScoresOut}). */
    public static final String DETECT_ONWARD = "detect-onward";
    /** Detector modules' own operators carry their module's uids (e.g. {@code detect-iforest-fit}). */
    public static final String CORRELATE_SERVICES = "correlate-services";
    public static final String CORRELATE_INCIDENTS = "correlate-incidents";
    public static final String CORRELATE_EVIDENCE = "correlate-evidence";
    public static final String INGEST_CHANGES = "ingest-changes";
    public static final String SOURCE_KAFKA_CHANGES = "source-kafka-changes";
    public static final String SOURCE_FILE_CHANGES = "source-file-changes";
    public static final String INGEST_CHANGES_WATERMARKS = "ingest-changes-watermarks";
    public static final String ALERT_SEVERITY = "alert-severity";
    public static final String ALERT_DEDUP = "alert-dedup";
    public static final String SINK_ANOMALIES = "sink-anomalies";
    public static final String SINK_INCIDENTS = "sink-incidents";
    public static final String SINK_ALERTS = "sink-alerts";
    public static final String SINK_DEADLETTER = "sink-deadletter";
    public static final String REPLAY_OUTPUT = "replay-output";

    private OperatorIds() {}
}
