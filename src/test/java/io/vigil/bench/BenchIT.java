package io.vigil.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code vigil bench} end to end on a tiny topic (300 series x 40 samples, heap state): the broker
 * in this JVM, the floor and the Vigil job each in a child JVM, one line per configuration. So few
 * samples fit in the job's first checkpoint, so its CPU window includes start-up: this checks the
 * plumbing, not the figures.
 */
class BenchIT {
    private static final int SERIES = 300;
    private static final int SAMPLES_PER_SERIES = 40;

    @Test
    void bench_tinyTopic_bothSidesConsumeEverySampleAndTheLineParses() throws Exception {
        List<BenchRun.Measured> measured = BenchRun.run(new BenchRun.Options(List.of(SERIES), SAMPLES_PER_SERIES,
                List.of("heap"), 2), m -> { });

        long samples = (long) SERIES * SAMPLES_PER_SERIES;
        assertThat(measured).singleElement().satisfies(m -> {
            assertThat(m.floor().consumed()).as("floor").isEqualTo(samples);
            assertThat(m.vigil().consumed()).as("vigil").isEqualTo(samples);
            assertThat(m.floor().windowSamples()).isPositive().isLessThanOrEqualTo(samples);
            assertThat(m.vigil().windowSamples()).isPositive().isLessThanOrEqualTo(samples);

            BenchResult b = BenchResult.parse(m.result().line());
            assertThat(b.backend()).isEqualTo("heap");
            assertThat(b.series()).isEqualTo(SERIES);
            assertThat(b.samples()).isEqualTo(samples);
            assertThat(List.of(b.floorPerCpuS(), b.vigilPerCpuS(), b.ratio()))
                    .allSatisfy(v -> assertThat(v).isPositive().isFinite());
            assertThat(b.stateBytesPerSeries()).isPositive();
            assertThat(m.result().line()).startsWith("bench backend=heap series=300 samples=12000 ")
                    .endsWith(" p99_alert_ms=-");
        });
    }
}
