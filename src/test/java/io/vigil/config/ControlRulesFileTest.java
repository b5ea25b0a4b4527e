package io.vigil.config;

import io.vigil.detect.control.ControlRules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.model.Timestamps;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Per-selector rules and windows: scoped to the series they name, later rules refining earlier ones. */
class ControlRulesFileTest {
    @TempDir
    Path dir;

    Path file(String yaml) throws Exception {
        Path f = dir.resolve("controls.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void rules_applyInOrder_toMatchingSeriesOnly() throws Exception {
        Path f = file("""
                rules:
                  - selector: '{service="payment"}'
                    persistence: 3/5
                    direction: up
                  - selector: 'latency{service="payment"}'
                    min-relative-deviation: 0.2
                    close-threshold: 0.4
                windows:
                  - name: db-maintenance
                    selector: '{service="inventory"}'
                    start: 2026-12-01T02:00:00Z
                    end: 2026-12-01T04:00:00Z
                    action: both
                  - name: holiday
                    selector: 'requests'
                    start: 2026-12-25T00:00:00Z
                    end: 2026-12-26T00:00:00Z
                """);
        VigilConfig cfg = ConfigLoader.load(null, Map.of("detect.controls.rules", f.toString()));
        ControlRules rules = ControlRules.load(cfg.detect().controls());
        ControlSettings defaults = rules.defaults();
        assertThat(rules.settingsFor("latency", Map.of("service", "cart"))).isEqualTo(defaults);
        ControlSettings errors = rules.settingsFor("errors", Map.of("service", "payment"));
        assertThat(errors.persistence()).isEqualTo(3);
        assertThat(errors.window()).isEqualTo(5);
        assertThat(errors.direction()).isEqualTo(ControlSettings.Direction.UP);
        assertThat(errors.minRelativeDeviation()).isZero();
        ControlSettings latency = rules.settingsFor("latency", Map.of("service", "payment"));
        assertThat(latency.persistence()).isEqualTo(3);
        assertThat(latency.minRelativeDeviation()).isEqualTo(0.2);
        assertThat(latency.closeThreshold()).isEqualTo(0.4);

        long maintenance = Timestamps.parse("2026-12-01T03:00:00Z");
        assertThat(rules.windowAt("cpu", Map.of("service", "inventory"), maintenance)).containsExactly(true, true);
        assertThat(rules.windowAt("cpu", Map.of("service", "cart"), maintenance)).containsExactly(false, false);
        assertThat(rules.windowAt("cpu", Map.of("service", "inventory"), maintenance + 3_600_000L))
                .containsExactly(false, false);
        long christmas = Timestamps.parse("2026-12-25T12:00:00Z");
        assertThat(rules.windowAt("requests", Map.of(), christmas)).as("mute is the default action")
                .containsExactly(true, false);
    }

    @Test
    void errors_nameFileEntryAndField() throws Exception {
        Path typo = file("rules:\n  - selector: cpu\n    persistance: 3/5\n");
        assertThatThrownBy(() -> ControlRules.load(ConfigLoader.load(null, Map.of("detect.controls.rules", typo.toString()))
                .detect().controls()))
                .hasMessageContaining("detect.controls.rules").hasMessageContaining("rules[0]")
                .hasMessageContaining("unknown field 'persistance'");
        Path badK = file("rules:\n  - selector: cpu\n    persistence: 6/5\n");
        assertThatThrownBy(() -> ControlRules.load(ConfigLoader.load(null, Map.of("detect.controls.rules", badK.toString()))
                .detect().controls()))
                .hasMessageContaining("rules[0]").hasMessageContaining("6/5");
        Path badWindow = file("windows:\n  - selector: cpu\n    start: 2026-12-01T04:00:00Z\n    end: 2026-12-01T02:00:00Z\n");
        assertThatThrownBy(() -> ControlRules.load(ConfigLoader.load(null, Map.of("detect.controls.rules",
                badWindow.toString())).detect().controls()))
                .hasMessageContaining("windows[0]").hasMessageContaining("end must be after start");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("detect.controls.persistence", "two")))
                .hasMessageContaining("detect.controls.persistence").hasMessageContaining("3/5");
    }

    @Test
    void shippedExample_loads() {
        VigilConfig cfg = ConfigLoader.load(null, Map.of("detect.controls.rules", "flink-conf/controls.yaml"));
        ControlRules rules = ControlRules.load(cfg.detect().controls());
        assertThat(rules.rules()).hasSize(3);
        assertThat(rules.windows()).hasSize(2);
        assertThat(rules.settingsFor("http_request_duration_p99_seconds", Map.of("service", "payment")).persistence())
                .isEqualTo(2);
    }
}
