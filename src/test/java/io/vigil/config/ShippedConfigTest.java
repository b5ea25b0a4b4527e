package io.vigil.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The documented example config must load and must say exactly what the defaults are. */
class ShippedConfigTest {
    @Test
    void exampleConfig_loads_andEqualsTheDefaults() {
        VigilConfig shipped = ConfigLoader.load(Path.of("flink-conf/vigil.yaml"), Map.of());
        VigilConfig defaults = ConfigLoader.defaults();
        assertThat(shipped).isEqualTo(defaults);
    }

    @Test
    void exampleConfig_documentsEveryKeyOfEverySection() {
        var documented = ConfigLoader.readYaml(Path.of("flink-conf/vigil.yaml")).keySet();
        assertThat(ConfigLoader.allOptions(DetectorCatalog.standard())).extracting(o -> o.key())
                .filteredOn(k -> !k.equals(VigilOptions.CORRELATE_SCOPE.key()))
                .allSatisfy(k -> assertThat(documented).as("flink-conf/vigil.yaml sets %s", k).contains(k));
    }
}
