package io.vigil.ingest;

import io.vigil.model.DeadLetter;
import io.vigil.model.Ingested;
import io.vigil.model.MetricSample;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decoded input → samples on, dead letters to the side output, both counted. Uid and name
 * {@code ingest-parse}: its metrics are where they always were.
 */
public final class RouteIngested extends ProcessFunction<Ingested, MetricSample> {
    /** Job accumulators: samples decoded and records rejected, read back by replay, demo and tests. */
    public static final String ACC_PARSED = "vigil-samples-parsed";
    public static final String ACC_REJECTED = "vigil-records-rejected";

    private final OutputTag<DeadLetter> deadLetters;

    private transient Counter samplesIn;
    private transient Counter rejected;
    private transient Counter staleMarkers;
    private transient LongCounter parsedTotal;
    private transient LongCounter rejectedTotal;

    public RouteIngested(OutputTag<DeadLetter> deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Override
    public void open(OpenContext openContext) {
        var group = getRuntimeContext().getMetricGroup().addGroup("vigil");
        samplesIn = group.counter("samples_in");
        rejected = group.counter("dead_letters_parse");
        staleMarkers = group.counter("stale_markers");
        parsedTotal = getRuntimeContext().getLongCounter(ACC_PARSED);
        rejectedTotal = getRuntimeContext().getLongCounter(ACC_REJECTED);
    }

    @Override
    public void processElement(Ingested r, Context ctx, Collector<MetricSample> out) {
        MetricSample s = r.sample();
        if (s == null) {
            rejected.inc();
            rejectedTotal.add(1L);
            ctx.output(deadLetters, r.deadLetter());
            return;
        }
        samplesIn.inc();
        parsedTotal.add(1L);
        if (s.stale()) {
            staleMarkers.inc();
        }
        out.collect(s);
    }
}
