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

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Keyed by series: MetricSample → GridPoint on a fixed step grid, in event time. Samples collect
 * per step until the watermark passes the step's end, then the step closes ({@link StepEmitter}).
 * A sample for a step that already closed is late: it goes to the {@code late} side output and is
 * counted. A series silent for {@code series-expiry}, or ended by a staleness marker and silent for
 * {@code max-gap}, emits an end marker and its state is cleared. Uid: {@code features-resample}.
 */
public final class ResampleSeries extends KeyedProcessFunction<String, MetricSample, GridPoint> {
    public static final String PENDING_STATE = "resample-pending-v1";
    /** v2: the cursor keeps the recent gaps that give the series' own interval (v1 is not read). */
    public static final String CURSOR_STATE = "resample-cursor-v2";

    private final FeatureConfig config;
    private final OutputTag<MetricSample> late;

    private transient MapState<Long, StepAccumulator> pending;
    private transient ValueState<SeriesCursor> cursor;
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
        SeriesCursor c = cursor.value();
        boolean stepClosed = c != null && c.closed(step);
        if (s.timestampMs() <= ctx.timerService().currentWatermark() || stepClosed) {
            lateSamples.inc();
            ctx.output(late, s);
            return;
        }
        if (c == null) {
            c = SeriesCursor.start(s.metric(), s.labels(), config.isCounter(s.metric()));
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
        SeriesCursor c = cursor.value();
        if (c == null) {
            return;
        }
        // Timers fire in time order and every pending step has one at its end, so a step's timer
        // closes that step alone: one state lookup, where walking the pending map cost a RocksDB
        // seek per pending step on every timer (quadratic in a backlog's steps per series).
        Long step = stepEndingAt(timestamp);
        if (step != null) {
            StepAccumulator acc = pending.get(step);
            if (acc != null) {
                c = close(ctx.getCurrentKey(), c, step, acc, out);
            }
        }
        if (timestamp >= c.expiryTimer()) {
            c = closeDueSteps(ctx.getCurrentKey(), c, timestamp, out); // a safety net: each step closed at its timer
            if (timestamp >= c.closeAt(config) && pending.isEmpty()) {
                out.collect(GridPoint.endOf(ctx.getCurrentKey(), c.metric(), c.labels(), timestamp));
                seriesClosed.inc();
                cursor.clear();
                return;
            }
            c = armExpiry(c.withExpiryTimer(SeriesCursor.NONE), ctx.timerService());
        }
        cursor.update(c);
    }

    private SeriesCursor closeDueSteps(String series, SeriesCursor c, long now, Collector<GridPoint> out)
            throws Exception {
        long stepMs = config.stepMs();
        List<Long> due = new ArrayList<>();
        for (Long step : pending.keys()) {
            if (step + stepMs - 1 <= now) {
                due.add(step);
            }
        }
        Collections.sort(due);
        for (Long step : due) {
            c = close(series, c, step, pending.get(step), out);
        }
        return c;
    }

    /** Closes one pending step: its grid points out, its accumulator gone. */
    private SeriesCursor close(String series, SeriesCursor c, long step, StepAccumulator acc, Collector<GridPoint> out)
            throws Exception {
        StepEmitter.Emission e = emitter.close(series, c, acc);
        pending.remove(step);
        for (GridPoint p : e.points()) {
            out.collect(p);
            gridPoints.inc();
        }
        return e.cursor();
    }

    /** The step whose timer is at {@code timerMs} (its last millisecond), or null when none ends then. */
    private Long stepEndingAt(long timerMs) {
        long step = timerMs + 1 - config.stepMs();
        return config.stepOf(step) == step ? step : null;
    }

}
