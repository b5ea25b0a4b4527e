package io.vigil.features;

import io.vigil.config.FeatureConfig;
import io.vigil.model.GridPoint;
import io.vigil.model.MetricSample;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
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
 * <p>State: the open steps (map by step start), the series' cursor without its name and labels
 * (read and written with every sample) and its {@link SeriesIdentity} apart (written when the series
 * starts, read when a step closes). A cursor saved with its identity inside ({@code
 * resample-cursor-v2}) is split into the two when its series is next touched.
 */
public final class ResampleSeries extends KeyedProcessFunction<String, MetricSample, GridPoint> {
    public static final String PENDING_STATE = "resample-pending-v1";
    /** v3: the cursor without metric and labels ({@link SeriesCursor#bare}); v1 is not read. */
    public static final String CURSOR_STATE = "resample-cursor-v3";
    /** v2: the cursor with the series' metric and labels inside, read once per series and cleared. */
    public static final String LEGACY_CURSOR_STATE = "resample-cursor-v2";
    public static final String IDENTITY_STATE = "resample-identity-v1";

    private final FeatureConfig config;
    private final OutputTag<MetricSample> late;

    private transient MapState<Long, StepAccumulator> pending;
    private transient ValueState<SeriesCursor> cursor;
    private transient ValueState<SeriesCursor> legacyCursor;
    private transient ValueState<SeriesIdentity> identity;
    private transient StepEmitter emitter;
    private transient Counter lateSamples;
    private transient Counter gridPoints;
    private transient Counter seriesClosed;

    public ResampleSeries(FeatureConfig config, OutputTag<MetricSample> late) {
        this.config = config;
        this.late = late;
    }

    @Override
    public void open(OpenContext openContext) {
        pending = getRuntimeContext().getMapState(
                new MapStateDescriptor<>(PENDING_STATE, Types.LONG, Types.POJO(StepAccumulator.class)));
        cursor = getRuntimeContext().getState(
                new ValueStateDescriptor<>(CURSOR_STATE, Types.POJO(SeriesCursor.class)));
        legacyCursor = getRuntimeContext().getState(
                new ValueStateDescriptor<>(LEGACY_CURSOR_STATE, Types.POJO(SeriesCursor.class)));
        identity = getRuntimeContext().getState(
                new ValueStateDescriptor<>(IDENTITY_STATE, Types.POJO(SeriesIdentity.class)));
        emitter = new StepEmitter(config);
        var group = getRuntimeContext().getMetricGroup().addGroup("vigil");
        lateSamples = group.counter("late_samples");
        gridPoints = group.counter("grid_points");
        seriesClosed = group.counter("series_closed");
    }

    @Override
    public void processElement(MetricSample s, Context ctx, Collector<GridPoint> out) throws Exception {
        long stepMs = config.stepMs();
        long step = config.stepOf(s.timestampMs());
        SeriesCursor c = bareCursor();
        boolean stepClosed = c != null && c.closed(step);
        if (s.timestampMs() <= ctx.timerService().currentWatermark() || stepClosed) {
            lateSamples.inc();
            ctx.output(late, s);
            return;
        }
        if (c == null) {
            identity.update(new SeriesIdentity(s.metric(), s.labels()));
            c = SeriesCursor.start(null, null, config.isCounter(s.metric()));
        }
        if (s.stale()) {
            c = c.markedStale(s.timestampMs());
        } else {
            StepAccumulator acc = pending.get(step);
            pending.put(step, acc == null ? StepAccumulator.first(step, s.timestampMs(), s.value())
                    : acc.add(s.timestampMs(), s.value()));
            ctx.timerService().registerEventTimeTimer(step + stepMs - 1);
            c = c.seen(s.timestampMs());
        }
        cursor.update(armExpiry(c, ctx.timerService()));
    }

    /** The current series' cursor without its identity; one saved with it inside is split on the way. */
    private SeriesCursor bareCursor() throws java.io.IOException {
        SeriesCursor c = cursor.value();
        if (c == null) {
            SeriesCursor legacy = legacyCursor.value();
            if (legacy != null) {
                identity.update(legacy.identity());
                legacyCursor.clear();
                c = legacy.bare();
                cursor.update(c);
            }
        }
        return c;
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
        SeriesCursor c = bareCursor();
        if (c == null) {
            return;
        }
        // Timers fire in time order and every pending step has one at its end, so a step's timer
        // closes that step alone: one state lookup, where walking the pending map cost a RocksDB
        // seek per pending step on every timer (quadratic in a backlog's steps per series).
        long step = timestamp + 1 - config.stepMs();
        StepAccumulator acc = config.stepOf(step) == step ? pending.get(step) : null; // else the expiry timer
        if (acc != null) {
            StepEmitter.Emission e = emitter.close(ctx.getCurrentKey(), c.named(identity.value()), acc);
            pending.remove(step);
            for (GridPoint p : e.points()) {
                out.collect(p);
                gridPoints.inc();
            }
            c = e.cursor().bare();
        }
        if (timestamp >= c.expiryTimer()) {
            if (timestamp >= c.closeAt(config) && pending.isEmpty()) {
                SeriesIdentity id = identity.value();
                out.collect(GridPoint.endOf(ctx.getCurrentKey(), id.metric(), id.labels(), timestamp));
                seriesClosed.inc();
                cursor.clear();
                identity.clear();
                return;
            }
            c = armExpiry(c.withExpiryTimer(SeriesCursor.NONE), ctx.timerService());
        }
        cursor.update(c);
    }
}
