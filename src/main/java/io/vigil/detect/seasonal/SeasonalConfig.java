package io.vigil.detect.seasonal;

import io.vigil.config.DetectorSettings;

import java.time.Duration;
import java.util.List;

/**
 * The seasonal forecaster (Prophet's model family). Orders are numbers of Fourier harmonics;
 * priors are in units of the series scaled by its largest absolute value, as in Prophet.
 *
 * @param intervalWidth share of normal points the band should hold (0.99: 1 in 100 outside)
 * @param sensitivity distance from the forecast, in band half-widths, that scores 0.5
 * @param minHistory history before the first fit (the robust detector covers until then)
 * @param history how much history the stream keeps for refits
 * @param bucket the resolution of that history (coarser = smaller state)
 * @param events the user's calendar (holidays, maintenance windows), each name its own effect
 * @param weekendEffect fit a Saturday-and-Sunday step while the history is too short for the weekly cycle
 * @param trimBuckets a history bucket's mean leaves out its largest and smallest point
 */
public record SeasonalConfig(
        boolean enabled,
        int dailyOrder,
        int weeklyOrder,
        int changepoints,
        double changepointPrior,
        double seasonalityPrior,
        double intervalWidth,
        boolean multiplicative,
        double sensitivity,
        Duration minHistory,
        Duration refitEvery,
        Duration history,
        Duration bucket,
        List<CalendarEvent> events,
        boolean weekendEffect,
        boolean trimBuckets)
        implements DetectorSettings {}
