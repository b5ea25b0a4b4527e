package io.vigil.ingest;

import io.vigil.model.ChangeEvent;
import io.vigil.model.DeadLetter;
import io.vigil.model.DeadLetters;
import io.vigil.model.RawRecord;
import io.vigil.model.WallClock;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * RawRecord → ChangeEvent; what does not decode goes to the dead letters with the reason, stamped
 * with the injected clock's time. Uid: {@code ingest-changes}.
 */
public final class ParseChanges extends ProcessFunction<RawRecord, ChangeEvent> {
    public static final String STAGE = "ingest-changes";

    private final OutputTag<DeadLetter> deadLetters;
    private final WallClock clock;
    private transient ChangeEventDecoder decoder;
    private transient Counter changesIn;
    private transient Counter rejected;

    public ParseChanges(OutputTag<DeadLetter> deadLetters, WallClock clock) {
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    @Override
    public void open(OpenContext openContext) {
        decoder = new ChangeEventDecoder();
        var group = getRuntimeContext().getMetricGroup().addGroup("vigil");
        changesIn = group.counter("changes_in");
        rejected = group.counter("dead_letters_changes");
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<ChangeEvent> out) {
        try {
            out.collect(decoder.decode(raw.payload()));
            changesIn.inc();
        } catch (DecodeException e) {
            rejected.inc();
            ctx.output(deadLetters, DeadLetters.of(STAGE, e.getMessage(), raw, clock.millis()));
        }
    }
}
