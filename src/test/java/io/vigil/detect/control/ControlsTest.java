package io.vigil.detect.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.config.ConfigLoader;
import io.vigil.config.DetectConfig;
import io.vigil.model.ReloadedFile;
import io.vigil.model.WallClock;
import io.vigil.testing.EditedFiles;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** A running job's controls follow their file; a broken edit keeps the last good rules. */
class ControlsTest {
    @TempDir
    Path dir;

    @Test
    void rulesFileChange_appliesAfterTheCheckInterval_badEditKeepsTheLastGoodRules() throws Exception {
        Path f = dir.resolve("rules.yaml");
        EditedFiles.write(f, "rules:\n  - selector: cpu\n    persistence: 3/5\n", 1_000_000);
        DetectConfig.ControlConfig cfg = ConfigLoader.load(null, Map.of("detect.controls.rules", f.toString()))
                .detect().controls();
        AtomicLong now = new AtomicLong(0);
        Controls controls = Controls.load(cfg, now::get);
        assertThat(controls.current().settingsFor("cpu", Map.of()).persistence()).isEqualTo(3);

        EditedFiles.write(f, "rules:\n  - selector: cpu\n    persistence: 4/5\n", 2_000_000);
        assertThat(controls.current().settingsFor("cpu", Map.of()).persistence())
                .as("not looked at before the check interval").isEqualTo(3);
        now.set(ReloadedFile.CHECK_EVERY_MS);
        assertThat(controls.current().settingsFor("cpu", Map.of()).persistence()).isEqualTo(4);

        EditedFiles.write(f, "rules:\n  - selector: cpu\n    persistance: 2/5\n", 3_000_000);
        now.set(2 * ReloadedFile.CHECK_EVERY_MS);
        assertThat(controls.current().settingsFor("cpu", Map.of()).persistence()).as("last good rules").isEqualTo(4);
    }

    @Test
    void badRulesFile_failsTheStartNamingTheKey() throws Exception {
        Path f = dir.resolve("rules.yaml");
        EditedFiles.write(f, "rules: [ not yaml", 1_000_000);
        DetectConfig.ControlConfig cfg = ConfigLoader.load(null, Map.of("detect.controls.rules", f.toString()))
                .detect().controls();
        assertThatThrownBy(() -> Controls.load(cfg, WallClock.fixed(0))).hasMessageContaining("detect.controls.rules")
                .hasMessageContaining(f.toString());
    }
}
