package io.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** The bench's series: distinct ids, and instances of the size asked for inside one service. */
class BenchSeriesTest {

    @Test
    void everyInstanceSize_givesDistinctSeries_inInstancesOfThatSize_withinOneService() {
        for (int perInstance : new int[] {1, 2, 4, 5, 10, 20}) {
            BenchSeries s = new BenchSeries(200, 4, new Random(1), perInstance);
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < s.size(); i++) {
                ids.add(s.id(i));
            }
            assertThat(ids).as("ids at %d a host", perInstance).hasSize(200);
            Map<String, Long> sizes = IntStream.range(0, s.size()).boxed()
                    .collect(Collectors.groupingBy(i -> instance(s, i), Collectors.counting()));
            assertThat(sizes.values()).as("series per instance at %d", perInstance).containsOnly((long) perInstance);
            assertThat(sizes.keySet()).allSatisfy(instance -> assertThat(instance).startsWith(
                    BenchSeries.service(IntStream.range(0, s.size()).filter(i -> instance(s, i).equals(instance))
                            .findFirst().getAsInt()) + "-"));
        }
    }

    @Test
    void theDefault_isFourAHost_labelledAsBefore() {
        BenchSeries s = new BenchSeries(40, 4, new Random(1), BenchSeries.SERIES_PER_INSTANCE);
        assertThat(instance(s, 7)).isEqualTo("svc-0-1:9100");
        assertThat(instance(s, 27)).isEqualTo("svc-1-1:9100");
        assertThat(s.id(7)).doesNotContain("core");
    }

    @Test
    void anInstanceSizeThatSplitsAService_isRefused() {
        assertThatThrownBy(() -> new BenchSeries(40, 4, new Random(1), 8))
                .hasMessageContaining("--series-per-instance must divide 20");
    }

    private static String instance(BenchSeries s, int i) {
        String id = s.id(i);
        int at = id.indexOf("instance=\"") + "instance=\"".length();
        return id.substring(at, id.indexOf('"', at));
    }
}
