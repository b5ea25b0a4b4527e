package io.vigil.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.detect.seasonal.SeasonalConfig;
import io.vigil.detect.seasonal.SeasonalModule;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Forecasts of a series whose future is known: trend, daily and weekly shape, N(0, 1) noise. */
class ForecasterTest {
    static final SeasonalConfig CONFIG = SeasonalModule.settings(ConfigLoader.defaults().detect());
    static final long STEP = 300_000;
    static final long DAY = 86_400_000L;
    static final long T0 = java.time.Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();

    static double truth(long t) {
        double days = (t - T0) / (double) DAY;
        double daily = 2 * Math.PI * Math.floorMod(t, DAY) / DAY;
        double weekly = 2 * Math.PI * Math.floorMod(t, 7 * DAY) / (7 * DAY);
        return 500 + 2 * days + 30 * Math.sin(daily + 0.4) + 8 * Math.sin(2 * daily) + 12 * Math.cos(weekly);
    }

    static SeriesHistory history(int days, Random noise, long incidentFrom, long incidentTo) {
        int n = days * (int) (DAY / STEP);
        long[] t = new long[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = T0 + i * STEP;
            v[i] = truth(t[i]) + noise.nextGaussian() + (t[i] >= incidentFrom && t[i] < incidentTo ? 80 : 0);
        }
        return new SeriesHistory("m{}", "m", Map.of(), t, v, 0);
    }

    @Test
    void dayAhead_followsTheTruth_andTheBandHoldsTheNoise() {
        SeriesHistory h = history(28, new Random(2), 0, 0);
        Forecast f = new Forecaster(CONFIG).forecast(h, Duration.ofMinutes(5), Duration.ofHours(24), List.of());
        assertThat(f.ahead()).hasSize(288);
        assertThat(f.ahead().get(0).timestampMs()).isEqualTo(h.timestampsMs()[h.size() - 1] + STEP);
        Random future = new Random(3);
        double absError = 0;
        int outside = 0;
        int trials = 0;
        for (Forecast.Point p : f.ahead()) {
            absError += Math.abs(p.expected() - truth(p.timestampMs()));
            for (int k = 0; k < 20; k++, trials++) {
                double y = truth(p.timestampMs()) + future.nextGaussian();
                outside += y < p.lower() || y > p.upper() ? 1 : 0;
            }
        }
        assertThat(absError / f.ahead().size()).as("mean |forecast - truth| with N(0,1) noise").isLessThan(0.3);
        // Nominal 99%: within a point of it a day ahead.
        assertThat(outside / (double) trials).isBetween(0.0, 0.02);
        assertThat(f.model().weeklyOrder()).isEqualTo(CONFIG.weeklyOrder());
        assertThat(f.model().slopePerDay(h.timestampsMs()[h.size() - 1])).isCloseTo(2.0, org.assertj.core.api.Assertions.within(0.1));
    }

    @Test
    void bandWidensWithTheHorizon_whenTheTrendHasBent() {
        Random r = new Random(4);
        int n = 28 * (int) (DAY / STEP);
        long[] t = new long[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = T0 + i * STEP;
            double days = i * STEP / (double) DAY;
            v[i] = truth(t[i]) + r.nextGaussian() + (days > 10 ? 6 * (days - 10) : 0);
        }
        SeriesHistory h = new SeriesHistory("m{}", "m", Map.of(), t, v, 0);
        Forecast f = new Forecaster(CONFIG).forecast(h, Duration.ofHours(1), Duration.ofDays(14), List.of());
        Forecast.Point first = f.ahead().get(0);
        Forecast.Point last = f.ahead().get(f.ahead().size() - 1);
        assertThat(last.upper() - last.lower()).isGreaterThan(1.5 * (first.upper() - first.lower()));
    }

    @Test
    void labelledIncident_leftOutOfTheFit() {
        long from = T0 + 25 * DAY;
        long to = from + 12 * 3_600_000L;
        SeriesHistory dirty = history(28, new Random(5), from, to);
        Forecast with = new Forecaster(CONFIG).forecast(dirty, Duration.ofMinutes(5), Duration.ofHours(24),
                List.of(new long[] {from, to - 1}));
        Forecast without = new Forecaster(CONFIG).forecast(dirty, Duration.ofMinutes(5), Duration.ofHours(24), List.of());
        assertThat(with.excluded()).isEqualTo(144);
        double errWith = 0;
        double errWithout = 0;
        for (int i = 0; i < with.ahead().size(); i++) {
            long ts = with.ahead().get(i).timestampMs();
            errWith += Math.abs(with.ahead().get(i).expected() - truth(ts));
            errWithout += Math.abs(without.ahead().get(i).expected() - truth(ts));
        }
        assertThat(errWith / with.ahead().size()).isLessThan(0.5);
        assertThat(errWith).isLessThan(errWithout);
    }

    @Test
    void tooShort_orSilly_rejectedWithTheReason() {
        SeriesHistory h = new SeriesHistory("m{}", "m", Map.of(), new long[] {1, 2, 3}, new double[] {1, 2, 3}, 0);
        Forecaster f = new Forecaster(CONFIG);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.forecast(h, Duration.ofMinutes(5),
                Duration.ofHours(1), List.of())).hasMessageContaining("m{} has 3 points");
        SeriesHistory ok = history(3, new Random(1), 0, 0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.forecast(ok, Duration.ofSeconds(1),
                Duration.ofDays(365), List.of())).hasMessageContaining("use a larger --step");
    }
}
