package io.vigil.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.util.Map;

class SeriesSelectorTest {
    @Test
    void parses_metricAndEqualityMatchers() {
        SeriesSelector s = SeriesSelector.parse("http_requests_total{service=\"cart\", instance=\"a:9100\"}");
        assertThat(s.metric()).isEqualTo("http_requests_total");
        assertThat(s.labels()).isEqualTo(Map.of("service", "cart", "instance", "a:9100"));
        assertThat(SeriesSelector.parse("cpu").labels()).isEmpty();
        assertThat(SeriesSelector.parse("{job=api}").metric()).isEmpty();
        assertThat(SeriesSelector.parse("m{path=\"a,b\\\"c\"}").labels()).containsEntry("path", "a,b\"c");
    }

    @Test
    void matches_allGivenLabels_anyOthers() {
        SeriesSelector s = SeriesSelector.parse("m{service=\"cart\"}");
        assertThat(s.matches("m", Map.of("service", "cart", "instance", "x"))).isTrue();
        assertThat(s.matches("m", Map.of("service", "shop"))).isFalse();
        assertThat(s.matches("n", Map.of("service", "cart"))).isFalse();
        assertThat(SeriesSelector.parse("{service=\"cart\"}").matches("n", Map.of("service", "cart"))).isTrue();
    }

    @Test
    void rejects_whatItCannotDo() {
        assertThatThrownBy(() -> SeriesSelector.parse("m{a=~\"x.*\"}")).hasMessageContaining("only equality");
        assertThatThrownBy(() -> SeriesSelector.parse("m{a!=\"x\"}")).hasMessageContaining("only equality");
        assertThatThrownBy(() -> SeriesSelector.parse("m{a=\"x\"")).hasMessageContaining("no closing }");
        assertThatThrownBy(() -> SeriesSelector.parse(" ")).hasMessageContaining("empty series selector");
    }
}
