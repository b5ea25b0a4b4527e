package io.vigil.detect.seasonal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.detect.seasonal.CalendarEvent;
import io.vigil.config.ConfigLoader;
import io.vigil.detect.seasonal.SeasonalConfig;
import io.vigil.detect.seasonal.SeasonalModule;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

/** Known-answer tests: the model recovers what a synthetic series was built from. */
class SeasonalFitterTest {
    static final long STEP = 300_000;
    static final long DAY = SeasonalModel.DAY_MS;
    static final long WEEK = SeasonalModel.WEEK_MS;
    /** A Monday at 00:00 UTC. */
    static final long T0 = java.time.Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();
    static final SeasonalConfig DEFAULTS = SeasonalModule.settings(ConfigLoader.defaults().detect());

    static final double DAILY_AMP = 10;
    static final double DAILY_PHASE = 0.7;
    static final double WEEKLY_AMP = 6;
    static final double WEEKLY_PHASE = -1.1;
    static final double SLOPE = 0.5; // per day
    static final double SLOPE_AFTER = 2.0; // per day, from the changepoint on
    static final long CHANGE_AT = T0 + 12 * DAY;

    /** Level 200, trend with one slope change, daily + weekly seasonality, N(0, 1) noise. */
    static double truth(long t) {
        double days = (t - T0) / (double) DAY;
        double trend = 200 + SLOPE * days + (t > CHANGE_AT ? (SLOPE_AFTER - SLOPE) * (t - CHANGE_AT) / (double) DAY : 0);
        double daily = DAILY_AMP * Math.sin(2 * Math.PI * Math.floorMod(t, DAY) / DAY + DAILY_PHASE)
                + 3 * Math.sin(4 * Math.PI * Math.floorMod(t, DAY) / DAY);
        double weekly = WEEKLY_AMP * Math.sin(2 * Math.PI * Math.floorMod(t, WEEK) / WEEK + WEEKLY_PHASE);
        return trend + daily + weekly;
    }

    static long[] times(long from, int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = from + i * STEP;
        }
        return t;
    }

    static double[] values(long[] t, Random noise) {
        double[] y = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            y[i] = truth(t[i]) + noise.nextGaussian();
        }
        return y;
    }

    static SeasonalModel fit30Days(SeasonalConfig cfg) {
        long[] t = times(T0, 30 * 288);
        return new SeasonalFitter(cfg).fit(t, values(t, new Random(1)), null, 0, null);
    }

    @Test
    void weekendStep_learnedFromOneWeekend_beforeTheWeeklyCycleCanBeFitted() {
        // Ten days from a Monday, the weekend 30 lower: one weekend seen, too short for weekly harmonics.
        int n = 10 * 288;
        long[] t = new long[n];
        double[] y = new double[n];
        java.util.Random r = new java.util.Random(4);
        for (int i = 0; i < n; i++) {
            t[i] = T0 + i * 300_000L;
            y[i] = 100 + 20 * Math.sin(2 * Math.PI * (t[i] % DAY) / DAY) + r.nextGaussian()
                    + (io.vigil.features.TimeFeatures.weekend(t[i]) ? -30 : 0);
        }
        long saturday = T0 + 12 * DAY + 12 * 3_600_000L;
        long thursday = T0 + 10 * DAY + 12 * 3_600_000L;
        SeasonalModel on = new SeasonalFitter(DEFAULTS).fit(t, y, null, 0, null);
        SeasonalModel off = new SeasonalFitter(withWeekend(DEFAULTS, false)).fit(t, y, null, 0, null);
        assertThat(on.weeklyOrder()).as("ten days are too short for the weekly harmonics").isZero();
        assertThat(on.eventNames()).contains(SeasonalModel.WEEKEND);
        assertThat(off.eventNames()).doesNotContain(SeasonalModel.WEEKEND);
        double[] scratch = new double[on.columns()];
        double[] scratchOff = new double[off.columns()];
        double expectedSaturday = 100 + 20 * Math.sin(2 * Math.PI * (saturday % DAY) / DAY) - 30;
        double expectedThursday = 100 + 20 * Math.sin(2 * Math.PI * (thursday % DAY) / DAY);
        assertThat(on.predict(saturday, List.of(), scratch)).isCloseTo(expectedSaturday, within(3.0));
        assertThat(on.predict(thursday, List.of(), scratch)).isCloseTo(expectedThursday, within(3.0));
        assertThat(Math.abs(off.predict(saturday, List.of(), scratchOff) - expectedSaturday))
                .as("without the effect the next Saturday is expected at a weekday's level").isGreaterThan(10);
    }

    @Test
    void weekendStep_staysBesideTheWeeklyHarmonics_soTheEdgesAtMidnightStaySharp() {
        // Three weeks from a Monday, the weekend 30 lower: long enough for the weekly harmonics.
        int n = 21 * 288;
        long[] t = new long[n];
        double[] y = new double[n];
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < n; i++) {
            t[i] = T0 + i * 300_000L;
            y[i] = weekendSeries(t[i]) + r.nextGaussian();
        }
        SeasonalModel on = new SeasonalFitter(DEFAULTS).fit(t, y, null, 0, null);
        SeasonalModel off = new SeasonalFitter(withWeekend(DEFAULTS, false)).fit(t, y, null, 0, null);
        assertThat(on.weeklyOrder()).as("three weeks fit the weekly harmonics").isPositive();
        assertThat(on.eventNames()).contains(SeasonalModel.WEEKEND);
        double[] scratch = new double[on.columns()];
        double[] scratchOff = new double[off.columns()];
        // The next week's edges: half an hour either side of Saturday 00:00 and of Monday 00:00.
        long[] edges = {T0 + 26 * DAY - 1_800_000L, T0 + 26 * DAY + 1_800_000L,
            T0 + 28 * DAY - 1_800_000L, T0 + 28 * DAY + 1_800_000L};
        double worstOff = 0;
        for (long edge : edges) {
            assertThat(on.predict(edge, List.of(), scratch)).as("at %d", edge).isCloseTo(weekendSeries(edge), within(3.0));
            worstOff = Math.max(worstOff, Math.abs(off.predict(edge, List.of(), scratchOff) - weekendSeries(edge)));
        }
        assertThat(worstOff).as("the harmonics alone round the step off by many sigmas at an edge").isGreaterThan(5);
    }

    private static double weekendSeries(long t) {
        return 100 + 20 * Math.sin(2 * Math.PI * (t % DAY) / DAY) + (io.vigil.features.TimeFeatures.weekend(t) ? -30 : 0);
    }

    static SeasonalConfig withWeekend(SeasonalConfig c, boolean weekend) {
        return new SeasonalConfig(c.enabled(), c.dailyOrder(), c.weeklyOrder(), c.changepoints(), c.changepointPrior(),
                c.seasonalityPrior(), c.intervalWidth(), c.multiplicative(), c.sensitivity(), c.minHistory(),
                c.refitEvery(), c.history(), c.bucket(), c.events(), weekend, c.trimBuckets());
    }

    @Test
    void fit_recoversSeasonalityAmplitudePhaseAndTrend() {
        SeasonalModel m = fit30Days(DEFAULTS);
        double[] daily = m.dailyHarmonic(1);
        assertThat(daily[0]).as("daily amplitude").isCloseTo(DAILY_AMP, within(0.05 * DAILY_AMP));
        assertThat(daily[1]).as("daily phase").isCloseTo(DAILY_PHASE, within(0.05 * Math.abs(DAILY_PHASE)));
        assertThat(m.dailyHarmonic(2)[0]).as("second daily harmonic").isCloseTo(3, within(0.15));
        double[] weekly = m.weeklyHarmonic(1);
        assertThat(weekly[0]).as("weekly amplitude").isCloseTo(WEEKLY_AMP, within(0.05 * WEEKLY_AMP));
        assertThat(weekly[1]).as("weekly phase").isCloseTo(WEEKLY_PHASE, within(0.05 * Math.abs(WEEKLY_PHASE)));
        assertThat(m.slopePerDay(T0 + 3 * DAY)).as("slope before").isCloseTo(SLOPE, within(0.05 * SLOPE_AFTER));
        assertThat(m.slopePerDay(T0 + 25 * DAY)).as("slope after").isCloseTo(SLOPE_AFTER, within(0.05 * SLOPE_AFTER));
    }

    @Test
    void fit_changepointFoundNearTheTrueOne() {
        SeasonalModel m = fit30Days(DEFAULTS);
        double[] changes = m.slopeChangesPerDay();
        int biggest = 0;
        double total = 0;
        for (int j = 0; j < changes.length; j++) {
            total += Math.abs(changes[j]);
            if (Math.abs(changes[j]) > Math.abs(changes[biggest])) {
                biggest = j;
            }
        }
        // The candidates are 1.6 days apart; the one chosen must be next to the truth and carry
        // most of the change, and the others must be (nearly) silent.
        assertThat(Math.abs(m.changepointMs(biggest) - CHANGE_AT)).isLessThanOrEqualTo(2 * DAY);
        double near = 0;
        for (int j = 0; j < changes.length; j++) {
            if (Math.abs(m.changepointMs(j) - CHANGE_AT) <= 2 * DAY) {
                near += Math.abs(changes[j]);
            }
        }
        assertThat(near / total).as("share of slope change near the truth").isGreaterThan(0.9);
    }

    @Test
    void interval_coverageHonestOnCleanData() {
        for (double width : new double[] {0.99, 0.95, 0.8}) {
            SeasonalConfig cfg = with(DEFAULTS, width);
            SeasonalModel m = fit30Days(cfg);
            long[] next = times(T0 + 30 * DAY, 7 * 288);
            double[] y = values(next, new Random(2));
            int outside = 0;
            double[] scratch = new double[m.columns()];
            for (int i = 0; i < next.length; i++) {
                double[] band = m.interval(next[i], List.of(), 0, 0, scratch);
                outside += y[i] < band[1] || y[i] > band[2] ? 1 : 0;
            }
            double share = outside / (double) next.length;
            assertThat(share).as("outside the %.2f band", width).isCloseTo(1 - width, within(0.01));
        }
    }

    @Test
    void fit_outliersInTrainingDoNotBendTheModel() {
        long[] t = times(T0, 30 * 288);
        double[] y = values(t, new Random(1));
        Random r = new Random(9);
        for (int i = 0; i < 80; i++) {
            y[r.nextInt(y.length)] += 200; // 1% of points wildly off
        }
        SeasonalModel m = new SeasonalFitter(DEFAULTS).fit(t, y, null, 0, null);
        assertThat(m.dailyHarmonic(1)[0]).isCloseTo(DAILY_AMP, within(0.05 * DAILY_AMP));
        double[] scratch = new double[m.columns()];
        double[] band = m.interval(T0 + 31 * DAY, List.of(), 0, 0, scratch);
        assertThat(band[2] - band[1]).as("band width not blown up by the outliers").isLessThan(7.0);
    }

    @Test
    void calendarEvent_effectLearnedAndExpectedNextTime() {
        long[] t = times(T0, 30 * 288);
        double[] y = values(t, new Random(1));
        List<CalendarEvent> events = List.of(
                new CalendarEvent("backup", T0 + 5 * DAY + 2 * 3_600_000, T0 + 5 * DAY + 4 * 3_600_000),
                new CalendarEvent("backup", T0 + 19 * DAY + 2 * 3_600_000, T0 + 19 * DAY + 4 * 3_600_000),
                new CalendarEvent("backup", T0 + 33 * DAY + 2 * 3_600_000, T0 + 33 * DAY + 4 * 3_600_000));
        for (int i = 0; i < t.length; i++) {
            for (CalendarEvent e : events) {
                y[i] += e.covers(t[i]) ? 40 : 0;
            }
        }
        SeasonalConfig cfg = new SeasonalConfig(true, 6, 3, 15, 0.05, 10, 0.99, false, 2, DEFAULTS.minHistory(),
                DEFAULTS.refitEvery(), DEFAULTS.history(), DEFAULTS.bucket(), events, true, true);
        SeasonalModel m = new SeasonalFitter(cfg).fit(t, y, null, 0, null);
        double[] scratch = new double[m.columns()];
        long during = T0 + 33 * DAY + 3 * 3_600_000;
        assertThat(m.predict(during, events, scratch) - m.predict(during, List.of(), scratch))
                .as("learned event effect").isCloseTo(40, within(2.0));
    }

    @Test
    void bucketMeans_recoverPointAmplitudes() {
        long[] t = times(T0, 21 * 288);
        double[] y = values(t, new Random(4));
        int buckets = t.length / 12;
        long[] bt = new long[buckets];
        double[] by = new double[buckets];
        double[] bw = new double[buckets];
        for (int b = 0; b < buckets; b++) {
            double s = 0;
            for (int k = 0; k < 12; k++) {
                s += y[b * 12 + k];
            }
            bt[b] = t[b * 12] + 6 * STEP - STEP / 2; // the bucket's centre
            by[b] = s / 12;
            bw[b] = 12;
        }
        SeasonalModel m = new SeasonalFitter(DEFAULTS).fit(bt, by, bw, 12 * STEP, null);
        assertThat(m.dailyHarmonic(1)[0]).isCloseTo(DAILY_AMP, within(0.05 * DAILY_AMP));
        assertThat(m.dailyHarmonic(2)[0]).isCloseTo(3, within(0.15));
        assertThat(m.sigma() * m.yScale()).as("point noise σ from bucket means").isCloseTo(1.0, within(0.15));
    }

    static SeasonalConfig with(SeasonalConfig c, double width) {
        return new SeasonalConfig(c.enabled(), c.dailyOrder(), c.weeklyOrder(), c.changepoints(), c.changepointPrior(),
                c.seasonalityPrior(), width, c.multiplicative(), c.sensitivity(), c.minHistory(), c.refitEvery(),
                c.history(), c.bucket(), c.events(), c.weekendEffect(), c.trimBuckets());
    }
}
