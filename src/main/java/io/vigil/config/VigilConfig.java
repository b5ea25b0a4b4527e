package io.vigil.config;

import java.io.Serializable;

/** The whole validated configuration, read once at start. Operators get only their part. */
public record VigilConfig(
        KafkaConfig kafka,
        IngestConfig ingest,
        FeatureConfig features,
        DetectConfig detect,
        CorrelateConfig correlate,
        AlertConfig alert,
        JobConfig job,
        BridgeConfig bridge)
        implements Serializable {

    public VigilConfig withKafka(KafkaConfig k) {
        return new VigilConfig(k, ingest, features, detect, correlate, alert, job, bridge);
    }

    public VigilConfig withIngest(IngestConfig i) {
        return new VigilConfig(kafka, i, features, detect, correlate, alert, job, bridge);
    }

    public VigilConfig withFeatures(FeatureConfig f) {
        return new VigilConfig(kafka, ingest, f, detect, correlate, alert, job, bridge);
    }

    public VigilConfig withDetect(DetectConfig d) {
        return new VigilConfig(kafka, ingest, features, d, correlate, alert, job, bridge);
    }

    public VigilConfig withCorrelate(CorrelateConfig c) {
        return new VigilConfig(kafka, ingest, features, detect, c, alert, job, bridge);
    }

    public VigilConfig withJob(JobConfig j) {
        return new VigilConfig(kafka, ingest, features, detect, correlate, alert, j, bridge);
    }
}
