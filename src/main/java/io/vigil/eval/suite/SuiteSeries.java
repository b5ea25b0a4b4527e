package io.vigil.eval.suite;

import java.util.Random;

/**
 * One synthetic series of the detection suite: a level, an optional trend, a daily cycle (a
 * business-hours bump), an optional weekend step and Gaussian noise; each parameter drawn per
 * series so that the suite spans scales, shapes and noise levels. {@link #value} is the clean
 * value at a time; anomalies are added on top by {@link DetectionSuite}.
 */
record SuiteSeries(String name, double level, double trendPerDay, double daily, double weekend, double sigma) {
    static final long DAY = 86_400_000L;

    static SuiteSeries draw(String name, Random r) {
        double level = Math.pow(10, 1 + 2 * r.nextDouble()); // 10 .. 1000
        double sigma = level * (0.01 + 0.04 * r.nextDouble());
        double daily = level * (0.1 + 0.4 * r.nextDouble());
        double weekend = r.nextBoolean() ? -level * (0.1 + 0.2 * r.nextDouble()) : 0;
        double trend = r.nextInt(3) == 0 ? level * 0.01 * (r.nextBoolean() ? 1 : -1) : 0;
        return new SuiteSeries(name, level, trend, daily, weekend, sigma);
    }

    /** The clean value at {@code t} (epoch ms; the suite starts on a Monday at 00:00 UTC). */
    double value(long t, long startMs) {
        double day = (t - startMs) / (double) DAY;
        double hour = ((t % DAY) + DAY) % DAY / 3_600_000.0;
        // Business hours: a smooth bump from 07:00 to 19:00, peaking at 13:00.
        double bump = hour > 7 && hour < 19 ? Math.pow(Math.sin(Math.PI * (hour - 7) / 12), 2) : 0;
        int dow = (int) Math.floorMod((long) Math.floor(day), 7L); // 0 = Monday
        return level + trendPerDay * day + daily * bump + (dow >= 5 ? weekend : 0);
    }
}
