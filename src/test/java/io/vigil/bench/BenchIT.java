package io.vigil.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code vigil bench} end to end on a tiny topic (300 series x 40 samples, heap state): the broker
 * in this JVM, the floor and the Vigil job each in a child JVM, then the live phase (a fresh job
 * fed 300 series at a 1 s step, two spikes), one line per configuration. So few samples fit in the
 * job's first checkpoint, so its CPU window includes start-up: this checks the plumbing and that
 * every spike is alerted, not the figures. The live phase takes about 90 s: the job's start, the
 * detectors' warm-up (35 steps), the spikes, and the 30 s out-of-orderness before the last one's
 * data is complete.
 */
class BenchIT {
    private static final int SERIES = 300;
    private static final int SAMPLES_PER_SERIES = 40;
    private static final int ANOMALIES = 2;

    @Test
    void bench_tinyTopic_bothSidesConsumeEverySampleAndEverySpikeIsAlerted() throws Exception {
        List<BenchRun.Measured> measured = BenchRun.run(new BenchRun.Options(List.of(SERIES), SAMPLES_PER_SERIES,
                List.of("heap"), 2, ANOMALIES, Duration.ofSeconds(1)), m -> { });

        long samples = (long) SERIES * SAMPLES_PER_SERIES;
        assertThat(measured).singleElement().satisfies(m -> {
            assertThat(m.floor().consumed()).as("floor").isEqualTo(samples);
            assertThat(m.floorAfter().consumed()).as("floor after the job").isEqualTo(samples);
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
            assertThat(b.lateSamples()).as("late samples, read from the job's metrics").isNotNegative();
            assertThat(m.result().line()).contains(" late_samples=" + b.lateSamples() + " format=adapter-json scrape_s=60 ");
            assertThat(b.floorPerCpuS()).as("the mean of the floor before and after the job")
                    .isEqualTo((m.floor().perCpuSecond() + m.floorAfter().perCpuSecond()) / 2, within(1.0));
            assertThat(m.result().line()).startsWith("bench backend=heap series=300 samples=12000 ")
                    .contains(" anomalies=2 alerts_missed=0 live_step_s=1 live_samples_per_s=300");

            BenchResult.Live live = b.live();
            assertThat(live.anomalies()).isEqualTo(ANOMALIES);
            assertThat(live.missed()).as("spikes without a committed alert").isZero();
            assertThat(live.p99Ms()).as("p99_alert_ms").isPositive().isFinite();
            assertThat(live.p99WrittenMs()).as("p99_alert_written_ms").isPositive().isFinite();
            assertThat(live.p50Ms()).isPositive().isLessThanOrEqualTo(live.p99Ms());
            // A committed alert is the written one, made visible by a later checkpoint.
            assertThat(live.p99Ms()).isGreaterThanOrEqualTo(live.p99WrittenMs());
        });
    }

    @Test
    void bench_remoteWriteTopic_bothSidesConsumeEverySampleOfTheRecords() throws Exception {
        List<BenchRun.Measured> measured = BenchRun.run(new BenchRun.Options(List.of(SERIES), SAMPLES_PER_SERIES,
                List.of("heap"), 2, 0, Duration.ofMinutes(1), List.of(BenchFormat.REMOTE_WRITE)), m -> { });

        long samples = (long) SERIES * SAMPLES_PER_SERIES;
        assertThat(measured).singleElement().satisfies(m -> {
            assertThat(m.floor().consumed()).as("floor").isEqualTo(samples);
            assertThat(m.vigil().consumed()).as("vigil").isEqualTo(samples);
            BenchResult b = BenchResult.parse(m.result().line());
            assertThat(b.format()).isEqualTo("remote-write");
            assertThat(List.of(b.floorPerCpuS(), b.vigilPerCpuS())).allSatisfy(v -> assertThat(v).isPositive());
            assertThat(b.lateSamples()).as("samples the job found late").isZero();
        });
    }
}
