package io.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.detect.seasonal.SeasonalModule;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Configuration errors name the key and the bad value; an empty file means the defaults. */
class ConfigLoaderTest {
    @TempDir
    Path dir;

    Path yaml(String text) throws Exception {
        Path f = dir.resolve("vigil.yaml");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void config_isAValue_equalWhenReadTwiceAndDifferentWhenAKeyDiffers() {
        assertThat(ConfigLoader.load(null, Map.of("features.windows", "5;30"))).isEqualTo(
                ConfigLoader.load(null, Map.of("features.windows", "5;30")));
        assertThat(ConfigLoader.load(null, Map.of("features.windows", "5;30")))
                .isNotEqualTo(ConfigLoader.load(null, Map.of("features.windows", "5;31")));
        assertThat(ConfigLoader.load(null, Map.of("detect.robust.window", "61")).detect())
                .isNotEqualTo(ConfigLoader.defaults().detect());
    }

    @Test
    void everyDetectorKey_isDeclaredByItsModuleUnderItsOwnPrefix() {
        assertThat(ConfigLoader.allOptions(DetectorCatalog.standard())).extracting(o -> o.key())
                .contains("detect.robust.window", "detect.seasonal.daily-order", "detect.iforest.families",
                        "kafka.bootstrap-servers", "bridge.listen")
                .doesNotHaveDuplicates();
    }

    @Test
    void emptyFile_givesDefaults() throws Exception {
        VigilConfig cfg = ConfigLoader.load(yaml(""), Map.of());
        assertThat(cfg.correlate().sessionGap()).isEqualTo(Duration.ofMinutes(10));
        assertThat(cfg.alert().rateLimit()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void durationsAndNestedKeysParse() throws Exception {
        VigilConfig cfg = ConfigLoader.load(yaml("features:\n  step: 30s\ncorrelate:\n  session-gap: 2m\n"), Map.of());
        assertThat(cfg.features().step()).isEqualTo(Duration.ofSeconds(30));
        assertThat(cfg.correlate().sessionGap()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void unknownKey_suggestsTheNearestOne() throws Exception {
        Path f = yaml("correlate:\n  sesion-gap: 2m\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("correlate.sesion-gap").hasMessageContaining("correlate.session-gap");
    }

    @Test
    void bridgeKeys_validatedTogether() {
        var b = ConfigLoader.load(null, Map.of("bridge.listen", "127.0.0.1:9300",
                "bridge.limits.new-series-per-minute", "0")).bridge();
        org.assertj.core.api.Assertions.assertThat(b.host()).isEqualTo("127.0.0.1");
        org.assertj.core.api.Assertions.assertThat(b.port()).isEqualTo(9300);
        org.assertj.core.api.Assertions.assertThat(b.limits().newSeriesPerMinute()).isZero();
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("bridge.listen", "9300")))
                .hasMessageContaining("bridge.listen").hasMessageContaining("host:port");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("bridge.auth.basic-user", "prom")))
                .hasMessageContaining("bridge.auth.basic-password-file go together");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("bridge.auth.basic-user", "prom",
                "bridge.auth.basic-password-file", "/p", "bridge.auth.bearer-token-file", "/t")))
                .hasMessageContaining("exclude each other");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("bridge.tls.cert-file", "/c")))
                .hasMessageContaining("bridge.tls.key-file go together");
    }

    @Test
    void kafkaPropertiesFile_mergedUnderTheYamlsOwn_missingOneNamed(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path file = Files.writeString(dir.resolve("client.properties"),
                "sasl.jaas.config=x required password=\"p\";\nsecurity.protocol=SASL_SSL\n");
        var kafka = ConfigLoader.load(null, Map.of("kafka.properties-file", file.toString(),
                "kafka.properties.security.protocol", "SSL")).kafka();
        assertThat(kafka.clientProperties()).containsEntry("sasl.jaas.config", "x required password=\"p\";")
                .containsEntry("security.protocol", "SSL");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("kafka.properties-file", dir.resolve("nope").toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("kafka.properties-file")
                .hasMessageContaining("nope");
    }

    @Test
    void badValue_namesKeyAndValue() throws Exception {
        assertThatThrownBy(() -> ConfigLoader.load(yaml("detect:\n  threshold: lots\n"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("detect.threshold")
                .hasMessageContaining("lots");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("features.step", "-1m")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("features.step");
    }

    @Test
    void seasonalKeys_andCalendarFile() throws Exception {
        Path cal = Files.createTempFile(dir, "calendar", ".csv");
        Files.writeString(cal, "name,start,end\n# Christmas\nholiday,2026-12-25T00:00:00Z,2026-12-26T00:00:00Z\n"
                + "maintenance,2026-12-01T02:00:00Z,2026-12-01T04:00:00Z\n");
        VigilConfig cfg = ConfigLoader.load(yaml("detect:\n  seasonal:\n    daily-order: 4\n    mode: multiplicative\n"
                + "    calendar: " + cal + "\n"), Map.of());
        assertThat(SeasonalModule.settings(cfg.detect()).dailyOrder()).isEqualTo(4);
        assertThat(SeasonalModule.settings(cfg.detect()).multiplicative()).isTrue();
        assertThat(SeasonalModule.settings(cfg.detect()).events()).extracting(e -> e.name()).containsExactly("holiday", "maintenance");
        assertThat(SeasonalModule.settings(cfg.detect()).events().get(1).covers(
                io.vigil.model.Timestamps.parse("2026-12-01T03:00:00Z"))).isTrue();
    }

    @Test
    void badCalendarLine_namesFileAndLine() throws Exception {
        Path cal = Files.createTempFile(dir, "calendar", ".csv");
        Files.writeString(cal, "name,start,end\nholiday,2026-12-25T00:00:00Z,yesterday\n");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("detect.seasonal.calendar", cal.toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("detect.seasonal.calendar")
                .hasMessageContaining(cal + ":2");
    }
}
