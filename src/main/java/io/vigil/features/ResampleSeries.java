package io.vigil.features;

import io.vigil.config.FeatureConfig;
import io.vigil.config.SeriesLimits;
import io.vigil.model.DeadLetter;
import io.vigil.model.DeadLetters;
import io.vigil.model.GridPoint;
import io.vigil.model.MetricSample;
import io.vigil.model.WallClock;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;


/**
 * Keyed by series: MetricSample → GridPoint on a fixed step grid, in event time. Samples collect
 * per step until the watermark passes the step's end, then the step closes ({@link StepEmitter}).
 * A sample for a step that already closed is late: it goes to the {@code late} side output and is
 * counted. A series silent for {@code series-expiry}, or ended by a staleness marker and silent for
 * {@code max-gap}, emits an end marker and its state is cleared. Uid: {@code features-resample}.
 *
 * <p>State: one value read and written with every sample ({@link ResampleState}: the cursor, the
 * first open steps and the series' {@link SeriesIdentity} as bytes, decoded only when a step
 * closes), and the open steps beyond those (map by step start). A series saved in an older layout is
 * moved to this one when it is next touched: with its identity in a value of its own
 * ({@code resample-identity-v1}), or with the identity inside the cursor and every open step in the
 * map ({@code resample-cursor-v2}).
 *
 * <p>A new series is admitted only while the subtask's share of the series limits has room
 * ({@link SeriesCap}); a refused sample goes to the dead letters with the reason. The live counts
 * are operator state ({@code resample-live-series-v1}), so a restart keeps them; a savepoint from
 * before they were kept starts them at zero (the series it holds are not counted until they end).
 */
public final class ResampleSeries extends KeyedProcessFunction<String, MetricSample, GridPoint>
        implements CheckpointedFunction {
    public static final String PENDING_STATE = "resample-pending-v1";
    public static final String STATE = "resample-state-v1";
    /** The cursor with the series' metric and labels inside, read once per series and cleared. */
    public static final String LEGACY_CURSOR_STATE = "resample-cursor-v2";
    /** The identity in a value of its own, read once per series and cleared. */
    public static final String LEGACY_IDENTITY_STATE = "resample-identity-v1";
    public static final String LIVE_SERIES_STATE = "resample-live-series-v1";

    private final FeatureConfig config;
    private final OutputTag<MetricSample> late;
    private final SeriesLimits limits;
    private final OutputTag<DeadLetter> refused;
    private final String source;
    private final WallClock clock;

    private transient MapState<Long, StepAccumulator> pending;
    private transient ValueState<ResampleState> state;
    private transient ValueState<SeriesCursor> legacyCursor;
    private transient ValueState<SeriesIdentity> legacyIdentity;
    private transient StepEmitter emitter;
    private transient Counter lateSamples;
    private transient Counter gridPoints;
    private transient Counter seriesClosed;
    private transient Counter seriesRefused;
    private transient SeriesCap cap;
    private transient ListState<LiveSeriesCount> liveCounts;
    private transient KeyGroupRange keyGroups;

    /** Without series limits (tests of the resampling alone). */
    public ResampleSeries(FeatureConfig config, OutputTag<MetricSample> late) {
        this(config, late, SeriesLimits.NONE, null, "", WallClock.system());
    }

    /**
     * @param refused where a refused series' samples go, as dead letters
     * @param source the topics or file the samples come from, as those dead letters name it
     */
    public ResampleSeries(FeatureConfig config, OutputTag<MetricSample> late, SeriesLimits limits,
            OutputTag<DeadLetter> refused, String source, WallClock clock) {
        this.config = config;
        this.late = late;
        this.limits = limits;
        this.refused = refused;
        this.source = source;
        this.clock = clock;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        TaskInfo task = getRuntimeContext().getTaskInfo();
        int maxParallelism = task.getMaxNumberOfParallelSubtasks();
        keyGroups = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(maxParallelism,
                task.getNumberOfParallelSubtasks(), task.getIndexOfThisSubtask());
        cap = new SeriesCap(limits, (double) keyGroups.getNumberOfKeyGroups() / maxParallelism);
        liveCounts = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>(LIVE_SERIES_STATE, Types.POJO(LiveSeriesCount.class)));
        if (context.isRestored()) {
            for (LiveSeriesCount c : liveCounts.get()) {
                cap.restore(c.tenant, c.partIn(keyGroups.getStartKeyGroup(), keyGroups.getEndKeyGroup()));
            }
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        java.util.List<LiveSeriesCount> counts = new java.util.ArrayList<>();
        cap.counts().forEach((tenant, n) -> counts.add(
                new LiveSeriesCount(keyGroups.getStartKeyGroup(), keyGroups.getEndKeyGroup(), tenant, n)));
        liveCounts.update(counts);
    }

    @Override
    public void open(OpenContext openContext) {
        pending = getRuntimeContext().getMapState(
                new MapStateDescriptor<>(PENDING_STATE, Types.LONG, Types.POJO(StepAccumulator.class)));
        state = getRuntimeContext().getState(
                new ValueStateDescriptor<>(STATE, TypeInformation.of(ResampleState.class)));
        legacyCursor = getRuntimeContext().getState(
                new ValueStateDescriptor<>(LEGACY_CURSOR_STATE, Types.POJO(SeriesCursor.class)));
        legacyIdentity = getRuntimeContext().getState(
                new ValueStateDescriptor<>(LEGACY_IDENTITY_STATE, Types.POJO(SeriesIdentity.class)));
        emitter = new StepEmitter(config);
        var group = getRuntimeContext().getMetricGroup().addGroup("vigil");
        lateSamples = group.counter("late_samples");
        gridPoints = group.counter("grid_points");
        seriesClosed = group.counter("series_closed");
        seriesRefused = group.counter("series_refused_cap");
        group.gauge("live_series", () -> cap.live());
    }

    @Override
    public void processElement(MetricSample s, Context ctx, Collector<GridPoint> out) throws Exception {
        long stepMs = config.stepMs();
        long step = config.stepOf(s.timestampMs());
        ResampleState st = current(ctx.getCurrentKey());
        boolean stepClosed = st != null && st.cursor().closed(step);
        if (s.timestampMs() <= ctx.timerService().currentWatermark() || stepClosed) {
            lateSamples.inc();
            ctx.output(late, s);
            return;
        }
        if (st == null) {
            String refusal = cap.admit(s.labels());
            if (refusal != null) {
                seriesRefused.inc();
                ctx.output(refused, DeadLetters.refused(s, refusal, source, clock.millis()));
                return;
            }
            st = ResampleState.of(SeriesCursor.start(null, null, config.isCounter(s.metric())),
                    new SeriesIdentity(s.metric(), s.labels()).toBytes());
        }
        SeriesCursor c = st.cursor();
        if (s.stale()) {
            c = c.markedStale(s.timestampMs());
        } else {
            ResampleState added = add(st, step, s);
            // A step's timer is registered when the step opens: its further samples need none (a
            // registration is a state write on RocksDB, and scrapes come several to a step).
            if (added.openSteps() > st.openSteps()) {
                ctx.timerService().registerEventTimeTimer(step + stepMs - 1);
            }
            st = added;
            c = c.seen(s.timestampMs());
        }
        state.update(st.withCursor(armExpiry(c, ctx.timerService())));
    }

    /** {@code s} into its open step: inline if it is there or there is room, else in the map. */
    private ResampleState add(ResampleState st, long step, MetricSample s) throws Exception {
        StepAccumulator acc = st.inline(step);
        if (acc != null) {
            return st.withInline(acc.add(s.timestampMs(), s.value()));
        }
        acc = st.overflow() > 0 ? pending.get(step) : null;
        if (acc != null) {
            pending.put(step, acc.add(s.timestampMs(), s.value()));
            return st;
        }
        StepAccumulator first = StepAccumulator.first(step, s.timestampMs(), s.value());
        if (!st.inlineFull()) {
            return st.withInline(first);
        }
        pending.put(step, first);
        return st.withOverflow(1);
    }

    /**
     * The current series' state; a series saved in an older layout is moved to the current one on
     * the way, and saved so at once (the caller may return without writing): its identity taken
     * from its own value, or from inside the cursor with every open step in the map (counted once).
     */
    private ResampleState current(String key) throws Exception {
        ResampleState st = state.value();
        if (st == null) {
            SeriesCursor legacy = legacyCursor.value();
            if (legacy != null) {
                legacyCursor.clear();
                int open = 0;
                for (Long ignored : pending.keys()) {
                    open++;
                }
                st = ResampleState.of(legacy.bare(), legacy.identity().toBytes()).withOverflow(open);
                state.update(st);
            }
        } else if (st.identity() == null) {
            SeriesIdentity id = legacyIdentity.value();
            if (id == null) {
                throw new IllegalStateException("series " + key + ": resampler state without an identity");
            }
            st = st.withIdentity(id.toBytes());
            legacyIdentity.clear();
            state.update(st);
        }
        return st;
    }

    /**
     * Keeps exactly one expiry timer per series instead of one per sample: a timer that fires early
     * (the series was seen since) re-arms itself; a staleness marker pulls it forward.
     */
    private SeriesCursor armExpiry(SeriesCursor c, TimerService timers) {
        long due = c.closeAt(config);
        if (c.expiryTimer() == SeriesCursor.NONE || due < c.expiryTimer()) {
            if (c.expiryTimer() != SeriesCursor.NONE) {
                // Only a staleness marker pulls the expiry forward, to at least max-gap + a step after
                // it: every pending step ends before that, so none shares the timer deleted here.
                timers.deleteEventTimeTimer(c.expiryTimer());
            }
            timers.registerEventTimeTimer(due);
            return c.withExpiryTimer(due);
        }
        return c;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<GridPoint> out) throws Exception {
        ResampleState st = current(ctx.getCurrentKey());
        if (st == null) {
            return;
        }
        // Timers fire in time order and every open step has one at its end, so a step's timer
        // closes that step alone: one lookup, where walking the map cost a RocksDB seek per open
        // step on every timer (quadratic in a backlog's steps per series).
        long step = timestamp + 1 - config.stepMs();
        StepAccumulator acc = null;
        if (config.stepOf(step) == step) { // else the expiry timer
            acc = st.inline(step);
            if (acc != null) {
                st = st.withoutInline(step);
            } else if (st.overflow() > 0 && (acc = pending.get(step)) != null) {
                pending.remove(step);
                st = st.withOverflow(-1);
            }
        }
        SeriesCursor c = st.cursor();
        if (acc != null) {
            StepEmitter.Emission e = emitter.close(ctx.getCurrentKey(),
                    c.named(SeriesIdentity.fromBytes(st.identity())), acc);
            for (GridPoint p : e.points()) {
                out.collect(p);
                gridPoints.inc();
            }
            c = e.cursor().bare();
        }
        if (timestamp >= c.expiryTimer()) {
            if (timestamp >= c.closeAt(config) && st.noneOpen()) {
                SeriesIdentity id = SeriesIdentity.fromBytes(st.identity());
                out.collect(GridPoint.endOf(ctx.getCurrentKey(), id.metric(), id.labels(), timestamp));
                seriesClosed.inc();
                cap.release(id.labels());
                state.clear();
                return;
            }
            c = armExpiry(c.withExpiryTimer(SeriesCursor.NONE), ctx.timerService());
        }
        state.update(st.withCursor(c));
    }
}
