package io.vigil.alert;

import io.vigil.config.AlertConfig;
import io.vigil.model.Alert;
import io.vigil.model.Incident;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by fingerprint: Incident → Alert, through {@link AlertDecision}. The rate limit runs in
 * event time, so a replay of last week decides exactly as the live job did. Once no incident is
 * open for the fingerprint and the rate-limit window has passed, an event-time timer clears the
 * ledger. Uid: {@code alert-dedup}.
 */
public final class DeduplicateAlerts extends KeyedProcessFunction<String, Incident, Alert> {
    public static final String LEDGER_STATE = "alert-ledger-v1";

    private final AlertConfig config;
    private transient ValueState<AlertLedger> ledger;
    private transient AlertDecision decision;
    private transient Counter sent;
    private transient Counter suppressed;
    private transient Counter belowSeverity;
    private transient LongCounter sentTotal;
    private transient LongCounter suppressedTotal;

    public DeduplicateAlerts(AlertConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        ledger = getRuntimeContext().getState(new ValueStateDescriptor<>(LEDGER_STATE, Types.POJO(AlertLedger.class)));
        decision = new AlertDecision(config);
        var group = getRuntimeContext().getMetricGroup().addGroup("vigil");
        sent = group.counter("alerts_sent");
        suppressed = group.counter("alerts_suppressed");
        belowSeverity = group.counter("alerts_below_severity");
        sentTotal = getRuntimeContext().getLongCounter(Accumulators.ALERTS_SENT);
        suppressedTotal = getRuntimeContext().getLongCounter(Accumulators.ALERTS_SUPPRESSED);
    }

    @Override
    public void processElement(Incident inc, Context ctx, Collector<Alert> out) throws Exception {
        AlertLedger current = ledger.value();
        var outcome = decision.decide(current == null ? AlertLedger.empty() : current, inc, ctx.getCurrentKey());
        switch (outcome.reason()) {
            case SENT -> {
                sent.inc();
                sentTotal.add(1L);
                out.collect(outcome.alert());
            }
            case RATE_LIMITED, DUPLICATE -> {
                suppressed.inc();
                suppressedTotal.add(1L);
            }
            case BELOW_MIN_SEVERITY -> belowSeverity.inc();
            case NOT_FIRING -> { }
        }
        AlertLedger next = outcome.ledger();
        if (next.incidentId().isEmpty()) {
            next = scheduleClear(next, ctx.timestamp() == null ? inc.endsAtMs() : ctx.timestamp(), ctx);
        }
        ledger.update(next);
    }

    /** Clears the ledger once the rate-limit window after the last firing has passed. */
    private AlertLedger scheduleClear(AlertLedger l, long now, Context ctx) {
        long at = l.lastFiringAtMs() == AlertLedger.NONE ? now
                : Math.max(now, l.lastFiringAtMs() + config.rateLimit().toMillis());
        if (l.clearTimer() != AlertLedger.NONE) {
            ctx.timerService().deleteEventTimeTimer(l.clearTimer());
        }
        ctx.timerService().registerEventTimeTimer(at);
        return new AlertLedger(l.incidentId(), l.firing(), l.sentLevel(), l.lastFiringAtMs(), at);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        AlertLedger l = ledger.value();
        if (l != null && l.incidentId().isEmpty() && timestamp >= l.clearTimer()) {
            ledger.clear();
        }
    }
}
