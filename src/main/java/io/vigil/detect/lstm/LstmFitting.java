package io.vigil.detect.lstm;

import io.vigil.features.TimeFeatures;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fits a family's network from the recent clean values of up to {@code max-series} of its series
 * (the first seen), on a schedule: the first fit once a series has {@code min-points}, then one
 * every {@code refit-every} of event time. Each track is normalised by the same rule the stream
 * uses ({@link SeriesBaseline}, from the track's start) and cut into windows; a network is kept
 * only when it forecasts its validation data better than the naive forecast (the next value
 * equals this one) does, else the family has none and its series are judged by the others.
 *
 * <p>Plain logic over {@link Tracks}: the Flink operator ({@link FitLstmFamilies}) keeps them in
 * keyed map state, the evaluation driver and {@code vigil train} in a map.
 */
public final class LstmFitting implements Serializable {
    /** A family's tracks, by series. */
    public interface Tracks {
        LstmTrack get(String series) throws Exception;

        void put(String series, LstmTrack track) throws Exception;

        Iterable<LstmTrack> all() throws Exception;
    }

    /**
     * Tracks in a map that also keeps every track a gap ended, compacted ({@code vigil train}: a
     * history with labelled incidents left out is many stretches, and each teaches the network).
     */
    public static final class SegmentTracks implements Tracks {
        private final Map<String, LstmTrack> current = new LinkedHashMap<>();
        private final List<LstmTrack> ended = new ArrayList<>();

        @Override
        public LstmTrack get(String series) {
            return current.get(series);
        }

        @Override
        public void put(String series, LstmTrack track) {
            LstmTrack before = current.put(series, track);
            if (before != null && before.values() != track.values() && before.size() > 0) {
                ended.add(new LstmTrack(before.lastMs(), 0, before.size(), before.ordered()));
            }
        }

        @Override
        public Iterable<LstmTrack> all() {
            List<LstmTrack> all = new ArrayList<>(ended);
            all.addAll(current.values());
            return all;
        }
    }

    /** Tracks in a map, for code that keeps them in memory. */
    public static final class MapTracks implements Tracks {
        private final Map<String, LstmTrack> tracks = new LinkedHashMap<>();

        @Override
        public LstmTrack get(String series) {
            return tracks.get(series);
        }

        @Override
        public void put(String series, LstmTrack track) {
            tracks.put(series, track);
        }

        @Override
        public Iterable<LstmTrack> all() {
            return tracks.values();
        }
    }

    /** What one clean value did: the family's new position, whether a fit was due, the network it gave. */
    public record Step(LstmFamilyFit position, boolean fitDue, LstmModel model) {}

    private final LstmConfig config;
    private final long stepMs;
    private final int capacity;

    /** {@code capacity}: values kept per track ({@code detect.lstm.history-points} in the stream). */
    public LstmFitting(LstmConfig config, long stepMs, int capacity) {
        this.config = config;
        this.stepMs = stepMs;
        this.capacity = capacity;
    }

    /** Offers a clean value of {@code series} and fits when due: the one sequence every caller runs. */
    public Step learn(String family, LstmFamilyFit f, String series, long tsMs, double value, Tracks tracks)
            throws Exception {
        LstmFamilyFit after = offer(f, series, tsMs, value, tracks);
        if (!due(after, tsMs)) {
            return new Step(after, false, null);
        }
        LstmModel m = fit(family, tsMs, after.version(), tracks);
        return new Step(new LstmFamilyFit(after.version() + 1, tsMs, after.series(), after.longest()), true, m);
    }

    /** Adds the value to its series' track (a series past the family's {@code max-series} is not kept). */
    public LstmFamilyFit offer(LstmFamilyFit f, String series, long tsMs, double value, Tracks tracks)
            throws Exception {
        LstmTrack t = tracks.get(series);
        int count = f.series();
        if (t == null) {
            if (count >= config.maxSeries()) {
                return f;
            }
            count++;
            t = new LstmTrack(Long.MIN_VALUE, 0, 0, new float[capacity]);
        }
        if (t.size() > 0 && tsMs <= t.lastMs()) {
            return f; // a replayed or repeated point: the track already has it
        }
        if (t.size() > 0 && tsMs - t.lastMs() != stepMs) {
            // A gap: the values before it end here (kept whole by Tracks that keep segments).
            t = new LstmTrack(Long.MIN_VALUE, 0, 0, new float[capacity]);
        }
        float[] v = t.values();
        v[t.head()] = (float) value;
        t = new LstmTrack(tsMs, (t.head() + 1) % v.length, Math.min(v.length, t.size() + 1), v);
        tracks.put(series, t);
        return new LstmFamilyFit(f.version(), f.lastFitMs(), count, Math.max(t.size(), f.longest()));
    }

    /** A fit is due once a track is long enough, then once a refit period. */
    public boolean due(LstmFamilyFit f, long tsMs) {
        if (f.longest() < config.minPoints()) {
            return false;
        }
        return f.lastFitMs() == Long.MIN_VALUE || tsMs - f.lastFitMs() >= config.refitEvery().toMillis();
    }

    /**
     * Fits the family's network on its tracks; null when they are too short for a window or the
     * network does not beat the naive forecast.
     */
    public LstmModel fit(String family, long untilMs, long version, Tracks tracks) throws Exception {
        List<LstmTrainer.Sequence> sequences = new ArrayList<>();
        double naive = 0;
        long naiveCount = 0;
        LstmTrainer.Settings settings = config.trainer(family.hashCode() * 1_000_003L + version);
        for (LstmTrack t : tracks.all()) {
            LstmTrainer.Sequence s = sequence(t);
            if (s == null || s.targets().length < settings.window()) {
                continue;
            }
            sequences.add(s);
            int n = s.targets().length;
            for (int i = n - (int) Math.round(n * settings.validationShare()); i < n; i++) {
                double d = s.targets()[i] - s.inputs()[i][0];
                naive += d * d;
                naiveCount++;
            }
        }
        if (sequences.isEmpty() || naiveCount == 0) {
            return null;
        }
        LstmTrainer.Trained trained = new LstmTrainer(settings).fit(sequences);
        double rmse = Math.sqrt(2 * trained.validationLoss());
        double naiveRmse = Math.sqrt(naive / naiveCount);
        return rmse < naiveRmse ? LstmModel.of(family, untilMs, rmse, naiveRmse, trained.net()) : null;
    }

    /**
     * A track as the stream's detector sees it: each value normalised by the baseline of the values
     * before it, with the time of day, forecasting the next; from the point the baseline is warm.
     */
    LstmTrainer.Sequence sequence(LstmTrack t) {
        float[] v = t.ordered();
        int n = v.length;
        double[] z = new double[n];
        SeriesBaseline b = new SeriesBaseline(SeriesBaseline.alpha(stepMs, config.baseline().toMillis()), 0, 0, 0);
        int from = -1;
        for (int i = 0; i < n; i++) {
            if (from < 0 && b.warm()) {
                from = i;
            }
            z[i] = SeriesBaseline.clipped(b.z(v[i]));
            b.learn(v[i]);
        }
        if (from < 0 || n - 1 - from < 1) {
            return null;
        }
        int steps = n - 1 - from;
        double[][] inputs = new double[steps][];
        double[] targets = new double[steps];
        long first = t.lastMs() - (long) (n - 1) * stepMs;
        for (int k = 0; k < steps; k++) {
            int i = from + k;
            double angle = TimeFeatures.hourAngle(first + i * stepMs);
            inputs[k] = LstmModel.input(z[i], Math.sin(angle), Math.cos(angle));
            targets[k] = z[i + 1];
        }
        return new LstmTrainer.Sequence(inputs, targets);
    }
}
