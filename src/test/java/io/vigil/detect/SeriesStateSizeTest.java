package io.vigil.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.detect.calibrate.CalibrationState;
import io.vigil.detect.control.GateState;
import io.vigil.features.FeatureWindow;
import io.vigil.features.FeatureWindowState;
import io.vigil.model.GridPoint;
import io.vigil.model.StateBytes;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * What one series costs in keyed state with the default detectors, warm (ten days of 5-minute
 * points: the seasonal model fitted, the residual rings and calibrators full), as Flink's serializers
 * write it: the feature window, every detector's model and calibrator, and the alert gate.
 */
class SeriesStateSizeTest {
    static final long STEP = 300_000;
    static final long DAY = 86_400_000L;
    static final long T0 = 1_767_225_600_000L;
    static final int BUDGET = 6 * 1024;

    @Test
    @SuppressWarnings("unchecked")
    void warmSeries_staysWithinSixKilobytes() {
        VigilConfig cfg = ConfigLoader.load(null, Map.of());
        DetectEngine engine = new DetectEngine(DetectorModules.standard(), DetectorContext.of(cfg));
        FeatureWindow window = new FeatureWindow(cfg.features());
        DetectEngine.SeriesModels models = engine.fresh();
        Random r = new Random(3);
        for (long t = T0; t < T0 + 10 * DAY; t += STEP) {
            double day = 2 * Math.PI * (t % DAY) / DAY;
            double v = 300 + 80 * Math.sin(day - 1.2) + 3 * r.nextGaussian() + (r.nextInt(500) == 0 ? 60 : 0);
            engine.score(window.next(new GridPoint("requests{service=\"cart\"}", "requests", Map.of("service", "cart"),
                    t, v, false, false)), models);
        }
        Map<String, Integer> bytes = new LinkedHashMap<>();
        bytes.put("features", StateBytes.of(FeatureWindowState.class, window.toState()));
        for (int i = 0; i < engine.kinds().size(); i++) {
            DetectorKind<?> kind = engine.kinds().get(i);
            bytes.put(kind.name(), StateBytes.of((Class<Object>) kind.stateClass(), models.detectorState(i)));
            bytes.put("calibration-" + kind.name(), StateBytes.of(CalibrationState.class, models.calibrationState(i)));
        }
        bytes.put("gate", StateBytes.of(GateState.class, models.gate()));
        int total = bytes.values().stream().mapToInt(Integer::intValue).sum();
        System.out.println("state per series (bytes): " + bytes + ", total " + total);

        assertThat(bytes.get("seasonal")).as("the seasonal model is warm").isGreaterThan(2000);
        assertThat(total).as("state per series: %s", bytes).isLessThanOrEqualTo(BUDGET);
    }
}
