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
        assertThat(ConfigLoader.describe(shipped)).isEqualTo(ConfigLoader.describe(defaults));
        assertThat(shipped.features().windows()).containsExactlyElementsOf(defaults.features().windows());
        assertThat(shipped.features().lags()).containsExactlyElementsOf(defaults.features().lags());
        assertThat(shipped.correlate()).isEqualTo(defaults.correlate());
        assertThat(shipped.alert()).isEqualTo(defaults.alert());
        assertThat(shipped.kafka()).isEqualTo(defaults.kafka());
        assertThat(shipped.job()).isEqualTo(defaults.job());
        assertThat(shipped.bridge()).isEqualTo(defaults.bridge());
    }
}
