package io.vigil.detect.entity;

import io.vigil.config.DetectConfig.CalibrationConfig;
import io.vigil.config.DetectConfig.ModelsConfig;
import io.vigil.model.Contributor;
import io.vigil.model.Direction;
import io.vigil.model.ScoredPoint;
import io.vigil.model.SeriesIds;
import io.vigil.model.StringKeyType;
import io.vigil.model.WallClock;

import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Keyed by entity ({@link Entities#key}): judges an entity's series together, step by step, once
 * event time has passed the step (every member's point for it is in by then).
 *
 * <p>Corroboration. Each series is calibrated to its own false-alarm budget, so an entity of n
 * series alarms n times as often as one series: on a host with thirty metrics, a lone metric's
 * blip is most of what pages. A point anomaly therefore stays an anomaly only when another group
 * of the entity's series (not a near copy of the same quantity: see {@link RelationModel}) is
 * anomalous within {@code window} steps of it, or when the relation model flags its step; else it
 * is demoted to evidence (same score, not anomalous): incidents still see it, nothing pages on it.
 * Points wait at most {@code window} steps; a corroborated one leaves as soon as its witness comes.
 *
 * <p>Relation breaks. The entity's deviations are also judged as one vector by the relation model,
 * fitted in the stream from the entity's own normal steps and refitted every {@code refitEvery}. A
 * step whose D² is beyond the false-alarm budget's tail probability p* at two of the last three
 * steps is an entity anomaly even when no series is anomalous on its own. D² is taken over the
 * members that are not anomalous at the step, so it corroborates them independently (with them in,
 * one wild series made D² large and confirmed itself).
 *
 * <p>Every anomalous entity step is one entity anomaly (entity set, its top contributing series)
 * that joins incidents like any anomaly. Entities with fewer than {@code minSeries} members pass
 * through unjudged ({@code entity_steps_too_small}); members beyond {@code maxSeries} pass
 * unjudged ({@code entity_points_over_cap}). An entity none of whose series reported for the
 * series expiry is forgotten ({@code entities_expired}). With a model store ({@code detect.models}),
 * an entity the job has not seen yet starts from the store's relation model trained on its history
 * ({@code entities_seeded}; {@link EntitySeeds}) and its anomalies carry the version. Uid
 * {@code detect-entities-judge}.
 *
 * <p>State laid out for RocksDB: a point is appended to the entity's arrivals
 * ({@code entity-arrivals-v1}, a list: a write that reads nothing) and its step's timer takes all
 * of the step's points at once, reading the fit and writing the step one time per step, not once
 * per member. A step saved part-filled by a build that put each point in its step straight away
 * takes the rest of its points the same way; the member index such builds kept
 * ({@code entity-member-index-v1}) is no longer read and is cleared with the entity.
 */
public final class JudgeEntities extends KeyedProcessFunction<String, ScoredPoint, ScoredPoint> {
    static final String FIT_STATE = "entity-fit-v1";
    static final String LEARN_STATE = "entity-learn-v1";
    static final String STEPS_STATE = "entity-steps-v1";
    static final String SEEN_STATE = "entity-seen-v1";
    static final String MODEL_STATE = "entity-model-version-v1";
    static final String MEMBER_INDEX_STATE = "entity-member-index-v1";
    static final String ARRIVALS_STATE = "entity-arrivals-v1";
    static final int CONTRIBUTORS = 3;

    private final EntityConfig config;
    private final long stepMs;
    private final long expiryMs;
    private final CalibrationConfig calibration;
    private final EntityLearner learner;
    private final ModelsConfig store;
    private final WallClock clock;

    private transient EntitySeedSource seeds;
    private transient ValueState<EntityFit> fit;
    private transient ValueState<EntityLearning> learning;
    private transient MapState<Long, PendingStep> steps;
    private transient ValueState<Long> seen;
    private transient ValueState<String> modelVersion;
    /** Only cleared: builds before kept each member's slot here, read for every point. */
    private transient MapState<String, Integer> memberIndex;
    private transient ListState<ScoredPoint> arrivals;
    /** Per entity, the step whose timers were registered last (in memory only). */
    private transient Map<String, Long> stepTimers;
    /** The entities whose saved steps were looked at for points of builds before, this run (in memory). */
    private transient Set<String> stepsLookedAt;
    private final FilterFunction<ScoredPoint> onward;
    private transient Counter confirmed;
    private transient Counter demoted;
    private transient Counter anomalies;
    private transient Counter refits;
    private transient Counter tooSmall;
    private transient Counter overCap;
    private transient Counter late;
    private transient Counter expired;
    private transient Counter seeded;

    /**
     * @param expiryMs an entity none of whose series has reported for this long is forgotten (as a
     *     series is: {@code features.series-expiry}); pods come and go with every deployment
     * @param calibration the detectors' calibration: the budget, and how the relation model's tail is learned
     * @param store the model store new entities start from (detect.models), maybe none
     */
    public JudgeEntities(EntityConfig config, long stepMs, long expiryMs, CalibrationConfig calibration,
            ModelsConfig store, WallClock clock) {
        this(config, stepMs, expiryMs, calibration, store, clock, p -> true);
    }

    /** @param onward the points that go on from here; the others are judged and kept, not emitted */
    public JudgeEntities(EntityConfig config, long stepMs, long expiryMs, CalibrationConfig calibration,
            ModelsConfig store, WallClock clock, FilterFunction<ScoredPoint> onward) {
        this.onward = onward;
        this.config = config;
        this.stepMs = stepMs;
        this.expiryMs = expiryMs;
        this.calibration = calibration;
        this.learner = new EntityLearner(config, stepMs, calibration);
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void open(OpenContext openContext) {
        fit = getRuntimeContext().getState(new ValueStateDescriptor<>(FIT_STATE, TypeInformation.of(EntityFit.class)));
        learning = getRuntimeContext().getState(new ValueStateDescriptor<>(LEARN_STATE,
                TypeInformation.of(EntityLearning.class)));
        steps = getRuntimeContext().getMapState(new MapStateDescriptor<>(STEPS_STATE, Types.LONG,
                TypeInformation.of(PendingStep.class)));
        seen = getRuntimeContext().getState(new ValueStateDescriptor<>(SEEN_STATE, Types.LONG));
        modelVersion = getRuntimeContext().getState(new ValueStateDescriptor<>(MODEL_STATE, Types.STRING));
        memberIndex = getRuntimeContext().getMapState(new MapStateDescriptor<>(MEMBER_INDEX_STATE,
                StringKeyType.INSTANCE, Types.INT));
        arrivals = getRuntimeContext().getListState(new ListStateDescriptor<>(ARRIVALS_STATE,
                TypeInformation.of(ScoredPoint.class)));
        stepTimers = new HashMap<>();
        stepsLookedAt = new HashSet<>();
        seeds = EntitySeedSource.open(store, config, stepMs, calibration, clock);
        var group = getRuntimeContext().getMetricGroup().addGroup("vigil");
        confirmed = group.counter("entity_points_corroborated");
        demoted = group.counter("entity_points_demoted");
        anomalies = group.counter("entity_anomalies");
        refits = group.counter("entity_refits");
        tooSmall = group.counter("entity_steps_too_small");
        overCap = group.counter("entity_points_over_cap");
        late = group.counter("entity_points_late");
        expired = group.counter("entities_expired");
        seeded = group.counter("entities_seeded");
    }

    @Override
    public void processElement(ScoredPoint p, Context ctx, Collector<ScoredPoint> out) throws Exception {
        long step = p.timestampMs();
        if (step + stepMs - 1 <= ctx.timerService().currentWatermark()) {
            late.inc(); // a gap filled in after its step was judged: it keeps its own verdict
            emit(out, p);
            return;
        }
        // Appended unread (a merge on RocksDB): its step takes the points at its timer, all at once.
        arrivals.add(p);
        String key = ctx.getCurrentKey();
        Long registered = stepTimers.get(key);
        if (registered == null || registered != step) {
            stepTimers.put(key, step);
            firstPointOf(step, ctx.timerService());
        }
        if (!p.anomalous()) {
            emit(out, p);
        } else {
            // Judged at the latest when its window has passed, even if the entity goes quiet.
            ctx.timerService().registerEventTimeTimer(step + (config.window() + 1) * stepMs - 1);
        }
    }

    /**
     * The points of every step up to {@code now}, each in its member's slot of its step: a series is
     * entered on its first point, and one past {@code maxSeries} passes unjudged. Points of later
     * steps wait on. A new entity's fit is made here. Null when the entity has no fit and no point came.
     */
    private Taken takeArrivals(long now, String key, Collector<ScoredPoint> out) throws Exception {
        EntityFit f = fit.value();
        EntityFit saved = f;
        List<ScoredPoint> later = new ArrayList<>();
        TreeMap<Long, PendingStep> filled = new TreeMap<>();
        List<Long> fromState = new ArrayList<>();
        // Builds before put each point in its step as it came: a step saved part-filled by one goes
        // on from there. Only steps open at a restore can be such, so each entity looks once a run.
        boolean lookForSaved = !stepsLookedAt.contains(key);
        Map<String, Integer> slots = null;
        boolean any = false;
        long newest = Long.MIN_VALUE;
        for (ScoredPoint p : arrivals.get()) {
            any = true;
            long step = p.timestampMs();
            newest = Math.max(newest, step);
            if (step > now) {
                later.add(p);
                continue;
            }
            if (f == null) {
                f = firstFit(key, step);
                saved = f;
            }
            if (slots == null) {
                slots = f.slots();
            }
            Integer i = slots.get(p.series());
            if (i == null && f.members().length < config.maxSeries()) {
                f = f.withMember(p.series(), p.labels());
                i = f.members().length - 1;
                slots.put(p.series(), i);
            }
            if (i == null) {
                overCap.inc();
                if (p.anomalous()) {
                    emit(out, p);
                }
                continue;
            }
            PendingStep s = filled.get(step);
            if (s == null) {
                s = lookForSaved ? steps.get(step) : null;
                if (s != null) {
                    fromState.add(step);
                } else {
                    s = PendingStep.empty(f.members().length);
                }
            }
            filled.put(step, s.with(i, RelationModel.deviation(p.value(), p.expected(), p.lower(), p.upper()), p));
        }
        if (f == null) {
            return null;
        }
        stepsLookedAt.add(key);
        if (f != saved) {
            fit.update(f);
        }
        // The newest step any point came for, waiting ones too: after a silence longer than the
        // expiry, event time can jump past the expiry check's timer to their step in one watermark.
        Long last = seen.value();
        if (any && (last == null || newest > last)) {
            last = newest;
            seen.update(last);
        }
        if (later.isEmpty()) {
            if (any) {
                arrivals.clear();
            }
        } else {
            arrivals.update(later);
        }
        return new Taken(f, filled, fromState, last);
    }

    /**
     * What a step's timer took: the entity's fit, the steps up to now with their points in (not
     * saved yet), which of those were read from state (saved part-filled by a build before), and
     * the newest step any of its points came for (null: none yet).
     */
    private record Taken(EntityFit fit, TreeMap<Long, PendingStep> filled, List<Long> fromState, Long seen) {}

    /** {@code p} on to the correlate stage, if it goes on at all ({@code onward}). */
    private void emit(Collector<ScoredPoint> out, ScoredPoint p) throws Exception {
        if (onward.filter(p)) {
            out.collect(p);
        }
    }

    /** A new entity's members and model: from the store when it has them, else none yet. */
    private EntityFit firstFit(String key, long step) throws Exception {
        EntitySeedSource.Taken t = seeds == null ? null : seeds.take(key, step);
        if (t == null) {
            return EntityFit.start(step);
        }
        seeded.inc();
        learning.update(t.seed().learning());
        modelVersion.update(t.version());
        fit.update(t.seed().fit());
        return t.seed().fit();
    }

    /**
     * What a step needs once, when its first point comes: its timers. Registering one again is
     * harmless, so {@link #stepTimers} only spares the repeats and need not survive a restart.
     */
    private void firstPointOf(long step, TimerService timers) {
        // One expiry check per expiry period at most (timers at one time are one timer).
        timers.registerEventTimeTimer(((step + expiryMs) / expiryMs + 1) * expiryMs - 1);
        timers.registerEventTimeTimer(step + stepMs - 1);
        // Forgets the step when nothing can need it any more; the same time as a later step's own
        // timer while the entity keeps reporting, so it costs a timer only when the entity goes quiet.
        timers.registerEventTimeTimer(step + (2L * config.window() + 2) * stepMs - 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ScoredPoint> out) throws Exception {
        long now = timestamp - stepMs + 1;
        Taken taken = takeArrivals(now, ctx.getCurrentKey(), out);
        if (taken == null) {
            return;
        }
        EntityFit f = taken.fit();
        Long last = taken.seen();
        if (last != null && last + expiryMs <= timestamp) {
            // Every point it had was judged long ago (its steps are gone after 2W + 1 steps).
            fit.clear();
            learning.clear();
            steps.clear();
            memberIndex.clear();
            arrivals.clear();
            seen.clear();
            modelVersion.clear();
            stepTimers.remove(ctx.getCurrentKey());
            stepsLookedAt.remove(ctx.getCurrentKey());
            expired.inc();
            return;
        }
        if (!taken.filled().containsKey(now)) {
            // No point came for it since it was saved (a restore), or the timer is not a step's.
            PendingStep cur = steps.get(now);
            if (cur != null) {
                taken.filled().put(now, cur);
                taken.fromState().add(now);
            }
        }
        if (f.members().length < config.minSeries()) {
            tooSmall.inc();
            // Never saved: the steps of an entity this small are only its held points, let go.
            for (PendingStep s : taken.filled().values()) {
                for (ScoredPoint p : s.held()) {
                    emit(out, p);
                }
            }
            for (long s : taken.fromState()) {
                steps.remove(s);
            }
            return;
        }
        PendingStep cur = taken.filled().remove(now);
        for (Map.Entry<Long, PendingStep> e : taken.filled().entrySet()) {
            steps.put(e.getKey(), e.getValue()); // steps before now: each step's own timer took them first
        }
        if (cur != null) {
            EntityLearner.Step r = learn(f, cur, now);
            cur = r.flagged() ? cur.flagged(r.relation()) : cur;
            steps.put(now, cur);
            f = r.refitted() ? r.fit() : f;
        }
        int w = config.window();
        for (long s = now - w * stepMs; s <= now; s += stepMs) {
            // The step that just closed is in hand: no second read of it.
            PendingStep ps = s == now ? cur : steps.get(s);
            if (ps != null) {
                judge(f, ps, s, now, ctx.getCurrentKey(), out);
            }
        }
        // Every step has a timer here (see firstPointOf): the one it set is the step that is done.
        steps.remove(now - (2L * w + 1) * stepMs);
    }

    /**
     * The relation model's verdict on a complete step, and what the step teaches it ({@link
     * EntityLearner}); a refitted model is saved here, and the caller goes on with it.
     */
    private EntityLearner.Step learn(EntityFit f, PendingStep cur, long now) throws Exception {
        EntityLearner.Step r = learner.learn(f, learning.value(), cur.deviations(), cur.alerting(), now);
        if (r.refitted()) {
            fit.update(r.fit());
            refits.inc();
        }
        learning.update(r.learning());
        return r;
    }

    /**
     * Releases step {@code s}'s held points once it is corroborated, or demoted when its window has
     * passed without a witness; emits its entity anomaly once.
     */
    private void judge(EntityFit f, PendingStep ps, long s, long now, String key, Collector<ScoredPoint> out)
            throws Exception {
        boolean anomalous = ps.flagged() || (ps.alerting().length > 0 && witnesses(f, s, now) >= 2);
        if (anomalous) {
            for (ScoredPoint p : ps.held()) {
                confirmed.inc();
                emit(out, p);
            }
            if (!ps.reported()) {
                anomalies.inc();
                emit(out, entityAnomaly(f, ps, s, key, modelVersion.value()));
            }
            if (!ps.held().isEmpty() || !ps.reported()) {
                steps.put(s, ps.released(true));
            }
        } else if (s == now - config.window() * stepMs && !ps.held().isEmpty()) {
            for (ScoredPoint p : ps.held()) {
                demoted.inc();
                emit(out, p.demoted());
            }
            steps.put(s, ps.released(false));
        }
    }

    /** Distinct groups of members anomalous within the window around {@code s} (up to now). */
    private int witnesses(EntityFit f, long s, long now) throws Exception {
        Set<Integer> groups = new HashSet<>();
        long w = config.window() * stepMs;
        for (long t = s - w; t <= Math.min(s + w, now); t += stepMs) {
            PendingStep ps = steps.get(t);
            if (ps == null) {
                continue;
            }
            for (int i : ps.alerting()) {
                groups.add(f.groupOf(i));
            }
        }
        return groups.size();
    }

    private static ScoredPoint entityAnomaly(EntityFit f, PendingStep ps, long s, String key, String version) {
        double seriesScore = 0;
        for (ScoredPoint p : ps.held()) {
            seriesScore = Math.max(seriesScore, p.score());
        }
        double relationScore = ps.relation();
        Map<String, Double> detectors = new LinkedHashMap<>();
        if (ps.flagged()) {
            detectors.put("relation", relationScore);
        }
        if (seriesScore > 0) {
            detectors.put("series", seriesScore);
        }
        Map<String, String> labels = new HashMap<>(f.labels());
        labels.put(Entities.label(key), Entities.name(key));
        String service = ps.held().isEmpty() ? "" : ps.held().get(0).service();
        return new ScoredPoint(SeriesIds.of("entity", labels), "entity", Map.copyOf(labels), service, s, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, Math.max(seriesScore, relationScore), Direction.NONE,
                Map.copyOf(detectors), true, Entities.name(key), contributors(f, ps), 0,
                version == null ? "" : version);
    }

    /**
     * The members most surprising at the step, by their own calibrated score (then by deviation: scores
     * saturate, deviations are clipped), largest first; share = a member's part of their scores.
     */
    static List<Contributor> contributors(EntityFit f, PendingStep ps) {
        double[] d = ps.deviations();
        double[] s = ps.scores();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < s.length; i++) {
            if (!Double.isNaN(s[i])) {
                order.add(i);
            }
        }
        order.sort((a, b) -> s[a] != s[b] ? Double.compare(s[b], s[a])
                : Double.compare(Math.abs(nanToZero(d[b])), Math.abs(nanToZero(d[a]))));
        List<Integer> top = order.subList(0, Math.min(CONTRIBUTORS, order.size()));
        double total = 0;
        for (int i : top) {
            total += s[i];
        }
        List<Contributor> out = new ArrayList<>();
        for (int i : top) {
            out.add(new Contributor(f.members()[i], ps.values()[i], ps.expected()[i], total > 0 ? s[i] / total : 0));
        }
        return out;
    }

    private static double nanToZero(double x) {
        return Double.isNaN(x) ? 0 : x;
    }
}
