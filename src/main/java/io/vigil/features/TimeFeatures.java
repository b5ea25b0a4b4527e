package io.vigil.features;

/**
 * Cyclical time features in UTC: hour of day and day of week as points on a circle, so 23:59 is
 * next to 00:00 and Sunday next to Monday, plus a weekend flag.
 */
public final class TimeFeatures {
    static final long DAY_MS = 86_400_000L;
    private static final long WEEK_MS = 7 * DAY_MS;
    /** 1970-01-01 was a Thursday: shift so that 0 is Monday 00:00 UTC. */
    private static final long MONDAY_OFFSET_MS = 3 * DAY_MS;

    private TimeFeatures() {}

    public static double hourAngle(long ts) {
        return 2 * Math.PI * Math.floorMod(ts, DAY_MS) / DAY_MS;
    }

    public static double weekAngle(long ts) {
        return 2 * Math.PI * Math.floorMod(ts + MONDAY_OFFSET_MS, WEEK_MS) / WEEK_MS;
    }

    /** 0 = Monday ... 6 = Sunday. */
    public static int dayOfWeek(long ts) {
        return (int) (Math.floorMod(ts + MONDAY_OFFSET_MS, WEEK_MS) / DAY_MS);
    }

    public static boolean weekend(long ts) {
        return dayOfWeek(ts) >= 5;
    }
}
