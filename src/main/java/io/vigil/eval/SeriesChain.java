package io.vigil.eval;

import io.vigil.alert.AlertDecision;
import io.vigil.alert.AlertFingerprints;
import io.vigil.alert.AlertLedger;
import io.vigil.alert.SeverityPolicy;
import io.vigil.config.ControlSettings;
import io.vigil.config.DetectConfig;
import io.vigil.config.VigilConfig;
import io.vigil.correlate.IncidentTracker;
import io.vigil.correlate.OpenIncident;
import io.vigil.correlate.RootCauseRanker;
import io.vigil.correlate.Scopes;
import io.vigil.detect.CombinedScore;
import io.vigil.detect.DetectorKind;
import io.vigil.detect.DetectorKinds;
import io.vigil.detect.SeriesDetector;
import io.vigil.detect.SeriesScoring;
import io.vigil.detect.calibrate.TailCalibrator;
import io.vigil.detect.control.GateState;
import io.vigil.detect.iforest.FamilyFit;
import io.vigil.detect.iforest.FamilyFitting;
import io.vigil.detect.iforest.FamilyForests;
import io.vigil.detect.iforest.FamilyVectors;
import io.vigil.detect.iforest.IsolationKind;
import io.vigil.detect.iforest.TrainingData;
import io.vigil.features.FeatureWindow;
import io.vigil.features.GapFiller;
import io.vigil.model.AlertStatus;
import io.vigil.model.FeatureVector;
import io.vigil.model.GridPoint;
import io.vigil.model.Incident;
import io.vigil.model.IncidentStatus;
import io.vigil.model.ScoredPoint;
import io.vigil.model.ServiceNames;

import java.util.List;
import java.util.Map;

/**
 * The production chain for one series — features, detectors, the incident session and the alert
 * decision — driven row by row in the order given, with the same plain classes the Flink operators
 * delegate to. Evaluation needs one score per input row, so rows are not merged into grid steps:
 * each row is one step, a gap of more than one step is filled as the stream would fill it (the
 * filled points teach the models but produce no row), and a repeated timestamp is scored as a new
 * point. The detectors get the configured step, so the caller sets the file's step in the config.
 */
public final class SeriesChain {
    private final VigilConfig config;
    private final String series;
    private final Map<String, String> labels;
    private final String service;
    private final FeatureWindow features;
    private final SeriesScoring scoring;
    private final SeriesDetector<?>[] detectors;
    private final TailCalibrator[] calibrators;
    private final String metric;
    private final RootCauseRanker ranker;
    private final ControlSettings controls;
    private GateState gate = GateState.EMPTY;
    private final SeverityPolicy severity;
    private final AlertDecision decision;
    private final long stepMs;
    private final long gapMs;
    /** The family forest's in-stream fit, as FitFamilies does it (null when family forests are off). */
    private final FamilyFitting fitting;
    private final FamilyForests forests;
    private final FamilyFitting.ListRing ring = new FamilyFitting.ListRing();
    private FamilyFit fit = FamilyFit.EMPTY;
    private final String family;

    private long lastTs = Long.MIN_VALUE;
    private double lastValue = Double.NaN;
    private OpenIncident open;
    private AlertLedger ledger = AlertLedger.empty();

    /**
     * What the chain made of one row: the combined score, whether the point is an anomaly (after the
     * controls), and whether a firing alert was sent at this row.
     */
    public record RowScore(long timestampMs, double value, CombinedScore combined, boolean anomalous, boolean alert) {}

    public SeriesChain(VigilConfig config, String series, Map<String, String> labels) {
        this.config = config;
        this.series = series;
        this.labels = Map.copyOf(labels);
        this.service = config.correlate().graph().serviceOf(labels, ServiceNames.of(labels, config.correlate().serviceLabels()));
        this.features = new FeatureWindow(config.features());
        List<DetectorKind<?>> kinds = DetectorKinds.from(config.detect());
        this.scoring = new SeriesScoring(config.detect(), kinds, config.features().stepMs());
        this.detectors = kinds.stream().map(DetectorKind::create).toArray(SeriesDetector<?>[]::new);
        this.calibrators = new TailCalibrator[kinds.size()];
        for (int i = 0; i < kinds.size(); i++) {
            calibrators[i] = scoring.calibrator(TailCalibrator.empty());
        }
        // Control rules select by metric name: the series id starts with it (metric{labels}).
        this.metric = series.indexOf('{') >= 0 ? series.substring(0, series.indexOf('{')) : series;
        this.controls = config.detect().controls().settingsFor(metric, labels);
        this.ranker = config.correlate().ranker(config.correlate().graph());
        this.severity = new SeverityPolicy(config.alert());
        this.decision = new AlertDecision(config.alert());
        this.stepMs = config.features().stepMs();
        this.gapMs = config.correlate().sessionGap().toMillis();
        DetectConfig.IsolationConfig iforest = config.detect().iforest();
        this.forests = kinds.stream().filter(IsolationKind.class::isInstance).map(k -> ((IsolationKind) k).forests())
                .findFirst().orElse(null);
        this.family = TrainingData.familyKey(metric, labels, iforest.familyLabel());
        this.fitting = forests == null ? null : new FamilyFitting(iforest.sampleSize(), iforest.minRows(),
                iforest.refitEvery().toMillis(), iforest.contamination(),
                FamilyVectors.names(config.features().lags(), config.features().windows()));
    }

    /** Scores the next row; rows must come in file order (time may repeat or step back). */
    public RowScore next(long tsMs, double value) {
        if (!Double.isFinite(value)) {
            // The stream drops non-finite values at ingest (NaN is a staleness marker); the row still
            // needs a score, and it must not teach the models anything.
            return new RowScore(tsMs, value, CombinedScore.NONE, false, false);
        }
        fillGapBefore(tsMs, value);
        SeriesScoring.Result r = score(new GridPoint(series, metric, labels, tsMs, value, false, false));
        boolean alert = correlate(tsMs, value, r.combined(), r.anomalous());
        lastTs = Math.max(lastTs, tsMs);
        lastValue = value;
        return new RowScore(tsMs, value, r.combined(), r.anomalous(), alert);
    }

    private void fillGapBefore(long tsMs, double value) {
        if (lastTs == Long.MIN_VALUE || tsMs - lastTs <= stepMs + stepMs / 2
                || tsMs - lastTs - stepMs > config.features().maxGap().toMillis()) {
            return;
        }
        int missing = (int) Math.round((tsMs - lastTs) / (double) stepMs) - 1;
        double[] filled = GapFiller.fill(config.features().fill(), lastValue, value, missing);
        for (int i = 0; i < filled.length; i++) {
            score(new GridPoint(series, metric, labels, lastTs + (i + 1) * stepMs, filled[i], true, false));
        }
    }

    private SeriesScoring.Result score(GridPoint p) {
        FeatureVector fv = features.next(p);
        boolean[] window = config.detect().controls().windowAt(metric, labels, p.timestampMs());
        SeriesScoring.Result r = scoring.next(fv, detectors, calibrators, controls, gate, window[0], window[1]);
        gate = r.gate();
        if (fitting != null) {
            learnFamily(fv, window);
        }
        return r;
    }

    /** The point's part in its family forest's fit: after its score, as the stream's model arrives after it too. */
    private void learnFamily(FeatureVector fv, boolean[] window) {
        double[] v = FamilyFitting.cleanVector(fv, window[0], window[1]);
        if (v == null) {
            return;
        }
        try {
            FamilyFitting.Step step = fitting.learn(family, fit, series, fv.timestampMs(), v, ring);
            fit = step.position();
            if (step.model() != null) {
                forests.putFitted(step.model());
            }
        } catch (Exception e) {
            throw new IllegalStateException("family forest fit of " + series + " failed: " + e.getMessage(), e);
        }
    }

    /** The incident session and alert decision of {@code GroupIncidents} → {@code DeduplicateAlerts}. */
    private boolean correlate(long tsMs, double value, CombinedScore c, boolean anomalous) {
        boolean fired = false;
        if (open != null && (anomalous ? tsMs > open.timerAt() : tsMs >= open.timerAt())) {
            fired |= decide(IncidentTracker.toEvent(open, IncidentStatus.RESOLVED, ranker));
            open = null;
        }
        if (!anomalous) {
            return fired;
        }
        var p = new ScoredPoint(series, "", labels, service, tsMs, value, c.expected(), c.lower(), c.upper(),
                c.score(), c.direction(), c.detectors(), true);
        if (open == null) {
            open = IncidentTracker.open(Scopes.of(labels, config.correlate().scopeLabels()),
                    Scopes.key(labels, config.correlate().scopeLabels()), p, gapMs);
            fired |= decide(IncidentTracker.toEvent(open, IncidentStatus.OPEN, ranker));
            open = IncidentTracker.reported(open);
        } else {
            open = IncidentTracker.add(open, p, gapMs);
            if (IncidentTracker.materialChange(open)) {
                fired |= decide(IncidentTracker.toEvent(open, IncidentStatus.UPDATE, ranker));
                open = IncidentTracker.reported(open);
            }
        }
        return fired;
    }

    private boolean decide(Incident event) {
        Incident inc = severity.assess(event);
        var outcome = decision.decide(ledger, inc, AlertFingerprints.of(config.alert().alertName(), inc));
        ledger = outcome.ledger();
        return outcome.reason() == AlertDecision.Reason.SENT && outcome.alert().status() == AlertStatus.FIRING;
    }
}
