package io.vigil.detect.jump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.detect.DetectorModules;
import io.vigil.eval.ReplayDriver;
import io.vigil.model.StateBytes;
import io.vigil.model.Timestamps;
import io.vigil.replay.ReplayJob;

import org.apache.flink.types.PojoTestUtils;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A detector module written only here plugs into the configuration, the Flink job and the
 * evaluation with one registry line ({@link DetectorModules#with}) and no other edit.
 */
class JumpModuleIT {
    static final DetectorModules MODULES = DetectorModules.standard().with(new JumpModule());

    @TempDir
    Path tmp;

    @Test
    void config_knowsTheModulesKeysOnlyWhenRegistered() {
        VigilConfig cfg = ConfigLoader.load(null, Map.of("detect.jump.sensitivity", "5"), MODULES);
        assertThat(cfg.detect().detector(JumpModule.NAME, JumpConfig.class).sensitivity()).isEqualTo(5.0);
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("detect.jump.sensitivity", "-1"), MODULES))
                .hasMessageContaining("detect.jump.sensitivity").hasMessageContaining("must be positive");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("detect.jump.sensitivity", "5")))
                .as("the standard catalog has no jump detector").hasMessageContaining("unknown key 'detect.jump.sensitivity'");
    }

    @Test
    void state_isARecordFlinkSerializesAndARestoreScoresTheSame() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(JumpState.class);
        var kind = new JumpModule.Kind(new JumpConfig(true, 8, 20));
        var d = kind.create();
        for (int i = 0; i < 50; i++) {
            d.learn(JumpReplay.point(i, i % 2));
        }
        var restored = kind.restore(StateBytes.roundTrip(JumpState.class, d.toState()));
        assertThat(restored.score(JumpReplay.point(50, 20))).isEqualTo(d.score(JumpReplay.point(50, 20)));
        assertThat(d.score(JumpReplay.point(50, 20)).score()).as("a jump of 19 mean jumps").isGreaterThan(0.5);
    }

    @Test
    void job_andEvaluation_scoreWithThePluggedInModule() throws Exception {
        Path input = JumpReplay.write(tmp.resolve("in.csv"));
        VigilConfig base = ConfigLoader.load(null, Map.of("features.step", "1m"), MODULES);
        VigilConfig cfg = base.withIngest(base.ingest().withCsvColumns(List.of("timestamp", "metric", "value")));
        ReplayJob.run(input, null, tmp.resolve("stream"), cfg, MODULES);
        ReplayDriver.run(input, tmp.resolve("driver"), cfg, MODULES);

        List<String> anomalies = Files.readAllLines(tmp.resolve("stream").resolve(ReplayJob.ANOMALIES));
        assertThat(anomalies).as("the step is flagged and the jump detector scored it")
                .anyMatch(l -> l.contains("\"jump\":"));
        for (String f : List.of(ReplayJob.SCORES, ReplayJob.ANOMALIES, ReplayJob.INCIDENTS, ReplayJob.ALERTS)) {
            assertThat(sorted(tmp.resolve("driver").resolve(f))).as(f)
                    .containsExactlyElementsOf(sorted(tmp.resolve("stream").resolve(f)));
        }
    }

    static List<String> sorted(Path f) throws Exception {
        List<String> l = new ArrayList<>(Files.readAllLines(f));
        l.sort(null);
        return l;
    }

    /** A noisy flat series with one lasting jump. */
    static final class JumpReplay {
        static final long T0 = Timestamps.parse("2026-03-02T00:00:00Z");

        static io.vigil.model.FeatureVector point(long i, double v) {
            return new io.vigil.model.FeatureVector("s", "m", Map.of(), T0 + i * 60_000, v, false, false,
                    new double[0], new double[0], new double[0], Double.NaN, 0, 0, 0, 0, 0, 0);
        }

        static Path write(Path file) throws Exception {
            Random r = new Random(11);
            StringBuilder csv = new StringBuilder("timestamp,metric,value\n");
            for (int i = 0; i < 600; i++) {
                double v = 100 + r.nextGaussian() + (i >= 400 ? 40 : 0);
                csv.append(Timestamps.format(T0 + i * 60_000L)).append(",m,").append(v).append('\n');
            }
            Files.writeString(file, csv);
            return file;
        }
    }
}
