package io.vigil.detect.lstm;

import io.vigil.detect.SharedModel;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by family: keeps the tracks of its first series ({@link LstmFitting}; state
 * {@code lstm-fit-v1} and {@code lstm-tracks-v1}) and, when a fit is due by the rows' event time,
 * fits the family's network and emits it for the scorers. Fitting runs inline, once a refit period
 * per family: about a second for 8 series of 2,880 points at 16 hidden units. Uid
 * {@code detect-lstm-fit}.
 */
public final class FitLstmFamilies extends KeyedProcessFunction<String, LstmRow, SharedModel> {
    private final LstmFitting fitting;

    private transient ValueState<LstmFamilyFit> position;
    private transient MapState<String, LstmTrack> tracks;
    /** The current family's tracks as {@link LstmFitting} reads them (map state is scoped to the current key). */
    private transient LstmFitting.Tracks familyTracks;
    private transient Counter fits;
    private transient Counter declined;

    public FitLstmFamilies(LstmFitting fitting) {
        this.fitting = fitting;
    }

    @Override
    public void open(OpenContext openContext) {
        position = getRuntimeContext().getState(new ValueStateDescriptor<>("lstm-fit-v1",
                Types.POJO(LstmFamilyFit.class)));
        tracks = getRuntimeContext().getMapState(new MapStateDescriptor<>("lstm-tracks-v1", Types.STRING,
                Types.POJO(LstmTrack.class)));
        var group = getRuntimeContext().getMetricGroup().addGroup("vigil");
        fits = group.counter("lstm_family_fits");
        declined = group.counter("lstm_family_fits_declined");
        familyTracks = new LstmFitting.Tracks() {
            @Override
            public LstmTrack get(String series) throws Exception {
                return tracks.get(series);
            }

            @Override
            public void put(String series, LstmTrack track) throws Exception {
                tracks.put(series, track);
            }

            @Override
            public Iterable<LstmTrack> all() throws Exception {
                return tracks.values();
            }
        };
    }

    @Override
    public void processElement(LstmRow row, Context ctx, Collector<SharedModel> out) throws Exception {
        LstmFamilyFit before = position.value();
        LstmFitting.Step step = fitting.learn(ctx.getCurrentKey(), before == null ? LstmFamilyFit.EMPTY : before,
                row.series(), row.timestampMs(), row.value(), familyTracks);
        if (step.model() != null) {
            fits.inc();
            out.collect(step.model().shared());
        } else if (step.fitDue()) {
            declined.inc();
        }
        if (step.position() != before) { // a series past max-series leaves the position as it was: no write
            position.update(step.position());
        }
    }
}
