package io.vigil.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.eval.nab.NabProfile;
import io.vigil.eval.nab.NabWindows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * On the NAB development subset, the calibrated ensemble with its alert decision scores at least as
 * well as each detector alone, with NAB's threshold optimisation and on the fixed alert column, in
 * every profile; and better than the uncalibrated combination it replaced.
 */
class NabEnsembleIT {
    static final Path DATA = Path.of("src/test/resources/nab/data");
    static final Path LABELS = Path.of("src/test/resources/nab/labels/combined_windows.json");

    @TempDir
    Path out;

    NabEvaluation.Scores run(String name, Map<String, String> overrides) throws Exception {
        VigilConfig cfg = ConfigLoader.load(null, overrides);
        List<SeriesEvaluation> results = NabRunner.run(DATA, out.resolve(name), cfg, 2, line -> { });
        return NabEvaluation.score(results, NabWindows.read(LABELS), NabProfile.standardProfiles());
    }

    @Test
    void ensemble_atLeastAsGoodAsEachDetector_inEveryProfile() throws Exception {
        var ensemble = run("ensemble", Map.of());
        var robust = run("robust", Map.of("detect.seasonal.enabled", "false"));
        var seasonal = run("seasonal", Map.of("detect.robust.enabled", "false"));
        var raw = run("uncalibrated", Map.of("detect.calibration.enabled", "false", "alert.warning-at", "0.45"));
        for (int p = 0; p < 3; p++) {
            String profile = ensemble.optimized().get(p).profile().name();
            double eScore = ensemble.optimized().get(p).normalizedScore();
            double eAlert = ensemble.alerts().get(p).normalizedScore();
            assertThat(eScore).as("%s anomaly_score: ensemble vs robust", profile)
                    .isGreaterThanOrEqualTo(robust.optimized().get(p).normalizedScore());
            assertThat(eScore).as("%s anomaly_score: ensemble vs seasonal", profile)
                    .isGreaterThanOrEqualTo(seasonal.optimized().get(p).normalizedScore() - 1e-9);
            assertThat(eAlert).as("%s alert: ensemble vs robust", profile)
                    .isGreaterThanOrEqualTo(robust.alerts().get(p).normalizedScore());
            assertThat(eAlert).as("%s alert: ensemble vs seasonal", profile)
                    .isGreaterThanOrEqualTo(seasonal.alerts().get(p).normalizedScore());
            assertThat(eScore).as("%s anomaly_score: calibrated vs raw scores", profile)
                    .isGreaterThan(raw.optimized().get(p).normalizedScore());
            assertThat(eAlert).as("%s alert: calibrated vs raw scores", profile)
                    .isGreaterThan(raw.alerts().get(p).normalizedScore());
        }
    }
}
