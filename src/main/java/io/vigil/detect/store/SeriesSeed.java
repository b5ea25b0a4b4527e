package io.vigil.detect.store;

import io.vigil.detect.calibrate.CalibrationState;

import java.util.Map;

/**
 * One series' models as history left them: what the scorer would hold in keyed state after scoring
 * that history, for each detector kind (by kind name) its state and its calibrator's.
 *
 * @param untilMs the last grid point of the history: the seed applies to points after it
 * @param points grid points of history it learned from
 * @param intervalMs the series' own sampling interval at the end of its history (0 unknown): the
 *     stream learns it again only from the gap after its first point, so the first point is judged
 *     at this one
 * @param detectors each kind's state record, by kind name (only kinds that had any)
 * @param calibrations each kind's calibration, by kind name
 */
public record SeriesSeed(String series, long untilMs, long points, long intervalMs, Map<String, Object> detectors,
        Map<String, CalibrationState> calibrations) {
    public SeriesSeed {
        detectors = Map.copyOf(detectors);
        calibrations = Map.copyOf(calibrations);
    }
}
