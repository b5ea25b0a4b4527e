package io.vigil.pipeline;

import io.vigil.alert.AlertFingerprints;
import io.vigil.alert.AssessSeverity;
import io.vigil.alert.DeduplicateAlerts;
import io.vigil.config.CorrelateConfig;
import io.vigil.config.DetectConfig;
import io.vigil.config.DetectorSettings;
import io.vigil.config.VigilConfig;
import io.vigil.correlate.AttributeServices;
import io.vigil.correlate.GroupIncidents;
import io.vigil.correlate.IncidentSession;
import io.vigil.correlate.Scopes;
import io.vigil.correlate.ServiceGraphFile;
import io.vigil.detect.DetectEngine;
import io.vigil.detect.StoreSeeds;
import io.vigil.detect.DetectorContext;
import io.vigil.detect.DetectorModule;
import io.vigil.detect.DetectorModules;
import io.vigil.detect.ScorePoints;
import io.vigil.detect.ScoreSeries;
import io.vigil.detect.SharedModel;
import io.vigil.features.ComputeFeatures;
import io.vigil.features.ResampleSeries;
import io.vigil.ingest.ParseChanges;
import io.vigil.ingest.RouteIngested;
import io.vigil.model.Alert;
import io.vigil.model.ChangeEvent;
import io.vigil.model.DeadLetter;
import io.vigil.model.DeadLetters;
import io.vigil.model.FeatureVector;
import io.vigil.model.GridPoint;
import io.vigil.model.Incident;
import io.vigil.model.MetricSample;
import io.vigil.model.RawRecord;
import io.vigil.model.ScoredPoint;
import io.vigil.model.StringKeyType;
import io.vigil.model.WallClock;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

import java.util.List;

/**
 * The Vigil topology as a pure function of its input and configuration:
 * ingest → features → detect → correlate → alert. Sources and sinks are the caller's, so the
 * streaming job, replay and tests all run this same graph.
 */
public final class VigilPipeline {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(VigilPipeline.class);

    private VigilPipeline() {}

    public static PipelineOutputs build(SampleInput samples, VigilConfig cfg) {
        return build(samples, null, cfg);
    }

    /** Without change events, {@code scoresOut} choosing which scored points leave the detect stage. */
    public static PipelineOutputs build(SampleInput samples, VigilConfig cfg, ScoresOut scoresOut) {
        return build(samples, null, cfg, DetectorModules.standard(), scoresOut);
    }

    public static PipelineOutputs build(SampleInput samples, DataStream<RawRecord> changeRecords, VigilConfig cfg) {
        return build(samples, changeRecords, cfg, DetectorModules.standard());
    }

    private static <T> DataStream<T> union(DataStream<T> a, DataStream<T> b) {
        return a == null ? b : b == null ? a : a.union(b);
    }

    private static <C extends DetectorSettings> DataStream<SharedModel> sharedModels(DetectorModule<C> m,
            DataStream<FeatureVector> features, DetectConfig detect, DetectorContext context) {
        return m.sharedModels(features, DetectorModules.settings(m, detect), context);
    }

    private static <C extends DetectorSettings> DataStream<ScoredPoint> entityAnomalies(DetectorModule<C> m,
            DataStream<GridPoint> grid, DetectConfig detect, DetectorContext context) {
        return m.entityAnomalies(grid, DetectorModules.settings(m, detect), context);
    }

    private static <C extends DetectorSettings> DataStream<ScoredPoint> judged(DetectorModule<C> m,
            DataStream<ScoredPoint> scored, DetectConfig detect, DetectorContext context,
            FilterFunction<ScoredPoint> onward) {
        return m.judged(scored, DetectorModules.settings(m, detect), context, onward);
    }

    /**
     * The streaming job's graph: only the points incidents and alerts can take leave the detect
     * stage ({@link ScoresOut#ONWARD}), so {@link PipelineOutputs#scores} holds those.
     */
    public static PipelineOutputs build(SampleInput samples, DataStream<RawRecord> changeRecords,
            VigilConfig cfg, DetectorModules modules) {
        return build(samples, changeRecords, cfg, modules, ScoresOut.ONWARD);
    }

    /**
     * @param modules the detector modules (the standard ones unless a test adds its own)
     * @param changeRecords change events ({@code vigil.changes} JSON), or null when there are none:
     *     they annotate incidents and raise the root-cause candidates they name
     * @param scoresOut which scored points leave the detect stage: every one for replay
     */
    public static PipelineOutputs build(SampleInput samples, DataStream<RawRecord> changeRecords,
            VigilConfig cfg, DetectorModules modules, ScoresOut scoresOut) {
        // Fails the start on a bad services file (the operators reload it while running).
        ServiceGraphFile.load(cfg.correlate());
        // Decoded and timed already (in the Kafka source, per partition): dead letters part here.
        SingleOutputStreamOperator<MetricSample> timed = samples.stream()
                .process(new RouteIngested(OutputTags.DEAD_LETTERS))
                .uid(OperatorIds.INGEST_PARSE).name("ingest-parse");

        WallClock clock = WallClock.system();
        String lateSource = samples.source();
        SingleOutputStreamOperator<GridPoint> grid = timed
                .keyBy(MetricSample::series, StringKeyType.INSTANCE)
                .process(new ResampleSeries(cfg.features(), OutputTags.LATE_SAMPLES, cfg.ingest().seriesLimits(),
                        OutputTags.DEAD_LETTERS, lateSource, clock))
                .uid(OperatorIds.FEATURES_RESAMPLE).name("features-resample");

        DataStream<DeadLetter> late = grid.getSideOutput(OutputTags.LATE_SAMPLES)
                .map(s -> DeadLetters.late(s, lateSource, clock.millis()))
                .returns(DeadLetter.class)
                .uid(OperatorIds.FEATURES_LATE).name("features-late-to-deadletter");

        // Grid points stay on the subtask that owns their series, so no second shuffle is needed.
        SingleOutputStreamOperator<FeatureVector> features = DataStreamUtils
                .reinterpretAsKeyedStream(grid, GridPoint::series, StringKeyType.INSTANCE)
                .process(new ComputeFeatures(cfg.features()))
                .uid(OperatorIds.FEATURES_COMPUTE).name("features-compute");

        DetectorContext context = DetectorContext.of(cfg);
        DetectEngine engine = new DetectEngine(modules, context);
        String version = StoreSeeds.verify(engine);
        if (cfg.detect().models().configured()) {
            LOG.info("model store [location={}]: {}", cfg.detect().models().location(), version == null
                    ? "nothing published yet: series learn from the stream until a version is" : "version " + version);
        }
        DataStream<SharedModel> shared = null;
        DataStream<ScoredPoint> entityAnomalies = null;
        for (DetectorModule<?> m : modules.modules()) {
            shared = union(shared, sharedModels(m, features, cfg.detect(), context));
            entityAnomalies = union(entityAnomalies, entityAnomalies(m, grid, cfg.detect(), context));
        }
        KeyedStream<FeatureVector, String> bySeries = DataStreamUtils
                .reinterpretAsKeyedStream(features, FeatureVector::series, StringKeyType.INSTANCE);
        // Shared models (a family's forest) reach every scorer: families span subtasks. Without any,
        // the scorer has one input and chains to the feature stage: no serialization in between.
        DataStream<ScoredPoint> scored = shared == null
                ? bySeries.process(new ScoreSeries(engine)).uid(OperatorIds.DETECT_SCORE).name("detect-score")
                : bySeries.connect(shared.broadcast(ScorePoints.SHARED_MODELS))
                        .process(new ScorePoints(engine))
                        .uid(OperatorIds.DETECT_SCORE).name("detect-score");
        FilterFunction<ScoredPoint> onward = scoresOut.filter(cfg.correlate());
        DataStream<ScoredPoint> fromScorer = scored;
        for (DetectorModule<?> m : modules.modules()) {
            scored = judged(m, scored, cfg.detect(), context, onward);
        }
        if (scored == fromScorer) {
            // No module judged the points: they go on from the scorer's task, filtered there.
            scored = scored.filter(onward).uid(OperatorIds.DETECT_ONWARD).name("detect-onward");
        }
        if (entityAnomalies != null) {
            scored = scored.union(entityAnomalies);
        }
        // Every point's service from the current graph, before anomalies are written or grouped.
        SingleOutputStreamOperator<ScoredPoint> attributed = scored
                .map(new AttributeServices(cfg.correlate(), clock))
                .uid(OperatorIds.CORRELATE_SERVICES).name("correlate-services");
        DataStream<ScoredPoint> scores = attributed.filter(p -> p.entity().isEmpty())
                .uid(OperatorIds.DETECT_SCORES).name("detect-scores");
        DataStream<ScoredPoint> anomalies = attributed
                .filter(ScoredPoint::anomalous)
                .uid(OperatorIds.DETECT_ANOMALIES).name("detect-anomalies");
        DataStream<ScoredPoint> evidencePoints = attributed;

        List<String> scopeLabels = cfg.correlate().scopeLabels();
        // Change events carry their own watermarks; an idle changes topic must not hold incidents
        // back, and without one an empty stream that follows the samples' watermarks stands in.
        SingleOutputStreamOperator<ChangeEvent> changes;
        DataStream<DeadLetter> badChanges = null;
        if (changeRecords != null) {
            SingleOutputStreamOperator<ChangeEvent> parsedChanges = changeRecords
                    .process(new ParseChanges(OutputTags.DEAD_LETTERS, WallClock.system()))
                    .uid(OperatorIds.INGEST_CHANGES).name("ingest-changes");
            badChanges = parsedChanges.getSideOutput(OutputTags.DEAD_LETTERS);
            changes = parsedChanges
                    .assignTimestampsAndWatermarks(WatermarkStrategy
                            .<ChangeEvent>forBoundedOutOfOrderness(cfg.ingest().maxOutOfOrderness())
                            .withIdleness(cfg.ingest().idleness())
                            .withTimestampAssigner((c, previous) -> c.timestampMs()))
                    .uid(OperatorIds.INGEST_CHANGES_WATERMARKS).name("ingest-changes-watermarks");
        } else {
            changes = timed
                    .flatMap((MetricSample s, org.apache.flink.util.Collector<ChangeEvent> none) -> { })
                    .returns(ChangeEvent.class)
                    .uid(OperatorIds.INGEST_CHANGES).name("no-changes");
        }
        CorrelateConfig correlate = cfg.correlate();
        // Incidents see the anomalies plus sub-threshold movement (a silent service's evidence).
        SingleOutputStreamOperator<Incident> incidents = evidencePoints
                .filter(p -> IncidentSession.takes(p, correlate))
                .uid(OperatorIds.CORRELATE_EVIDENCE).name("correlate-evidence")
                .keyBy(p -> Scopes.key(p.labels(), scopeLabels), Types.STRING)
                .connect(changes.keyBy(c -> Scopes.key(c.labels(), scopeLabels), Types.STRING))
                .process(new GroupIncidents(correlate, cfg.features().stepMs(), clock))
                .uid(OperatorIds.CORRELATE_INCIDENTS).name("correlate-incidents")
                .map(new AssessSeverity(cfg.alert()))
                .uid(OperatorIds.ALERT_SEVERITY).name("alert-severity");

        String alertName = cfg.alert().alertName();
        SingleOutputStreamOperator<Alert> alerts = incidents
                .keyBy(i -> AlertFingerprints.of(alertName, i), Types.STRING)
                .process(new DeduplicateAlerts(cfg.alert()))
                .uid(OperatorIds.ALERT_DEDUP).name("alert-dedup");

        DataStream<DeadLetter> deadLetters = timed.getSideOutput(OutputTags.DEAD_LETTERS).union(late,
                grid.getSideOutput(OutputTags.DEAD_LETTERS));
        if (badChanges != null) {
            deadLetters = deadLetters.union(badChanges);
        }
        return new PipelineOutputs(scores, anomalies, incidents, alerts, deadLetters);
    }
}
