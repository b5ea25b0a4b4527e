package io.vigil.bench;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertLatencyTest {
    private static final long T0 = Instant.parse("2026-03-02T10:00:00Z").toEpochMilli();
    private static final long ONE_SECOND = 1_000;
    private static final long TWO_SECONDS = 2_000;
    private static final long OUT_OF_ORDERNESS = 30_000;
    private static final long BOUND = 120_000;

    @Test
    void completeAt_sampleInsideItsStep_isStepEndPlusOutOfOrderness() {
        // Written 0.7 s into [T0, T0 + 2 s): the step closes once a sample stamped T0 + 2 s + 30 s exists.
        assertThat(AlertLatency.completeAtMs(T0 + 700, TWO_SECONDS, OUT_OF_ORDERNESS))
                .isEqualTo(T0 + TWO_SECONDS + OUT_OF_ORDERNESS);
        assertThat(AlertLatency.completeAtMs(T0 + 1_999, TWO_SECONDS, OUT_OF_ORDERNESS))
                .isEqualTo(T0 + TWO_SECONDS + OUT_OF_ORDERNESS);
    }

    @Test
    void completeAt_sampleOnAStepBoundary_belongsToTheStepItStarts() {
        assertThat(AlertLatency.completeAtMs(T0 + TWO_SECONDS, TWO_SECONDS, OUT_OF_ORDERNESS))
                .isEqualTo(T0 + 2 * TWO_SECONDS + OUT_OF_ORDERNESS);
        assertThat(AlertLatency.completeAtMs(T0, ONE_SECOND, OUT_OF_ORDERNESS))
                .isEqualTo(T0 + ONE_SECOND + OUT_OF_ORDERNESS);
    }

    @Test
    void completeAt_outOfOrdernessOffTheSecond_roundsUpToTheTimestampsWholeSecond() {
        // Event time keeps whole seconds: a sample stamped before T0 + 1 s + 1.5 s reads as T0 + 2 s at most.
        assertThat(AlertLatency.completeAtMs(T0 + 300, ONE_SECOND, 1_500)).isEqualTo(T0 + 3_000);
    }

    @Test
    void completeAt_matchesTheWatermarkThatClosesTheStep() {
        // SplitWatermarks emits newest - ooo - 1; ResampleSeries' timer for the step is at stepEnd - 1.
        long sample = T0 + 1_234;
        long complete = AlertLatency.completeAtMs(sample, TWO_SECONDS, OUT_OF_ORDERNESS);
        long stepEnd = T0 + TWO_SECONDS;
        long newestAtCompletion = complete;
        long newestJustBefore = complete - 1_000; // the adapter's whole seconds: the previous possible stamp
        assertThat(newestAtCompletion - OUT_OF_ORDERNESS - 1).isGreaterThanOrEqualTo(stepEnd - 1);
        assertThat(newestJustBefore - OUT_OF_ORDERNESS - 1).isLessThan(stepEnd - 1);
    }

    @Test
    void latency_firstAlertOfTheServiceAfterTheSample_countsFromCompletion() {
        var spike = injection("svc-3", T0 + 500, T0 + 32_000);
        var seen = List.of(
                new AlertLatency.Seen("svc-3", T0 + 100), // before the spike was written: another incident
                new AlertLatency.Seen("svc-4", T0 + 32_500), // another service
                new AlertLatency.Seen("svc-3", T0 + 34_250),
                new AlertLatency.Seen("svc-3", T0 + 33_000));

        assertThat(AlertLatency.latencyMs(spike, seen, BOUND)).isEqualTo(OptionalLong.of(1_000));
    }

    @Test
    void latency_alertAfterTheBound_isMissed() {
        var spike = injection("svc-3", T0 + 500, T0 + 32_000);

        assertThat(AlertLatency.latencyMs(spike, List.of(new AlertLatency.Seen("svc-3", T0 + 32_000 + BOUND + 1)),
                BOUND)).isEmpty();
        assertThat(AlertLatency.latencyMs(spike, List.of(new AlertLatency.Seen("svc-3", T0 + 32_000 + BOUND)),
                BOUND)).isEqualTo(OptionalLong.of(BOUND));
    }

    @Test
    void summarize_someMissed_percentilesOverTheAlertedOnly() {
        var injections = List.of(
                injection("svc-0", T0, T0 + 31_000),
                injection("svc-1", T0 + 5_000, T0 + 36_000),
                injection("svc-2", T0 + 10_000, T0 + 41_000));
        var seen = List.of(new AlertLatency.Seen("svc-0", T0 + 33_000), new AlertLatency.Seen("svc-2", T0 + 41_400));

        AlertLatency.Summary s = AlertLatency.summarize(injections, seen, BOUND);

        assertThat(s).isEqualTo(new AlertLatency.Summary(3, 1, 400, 2_000));
        assertThat(AlertLatency.allAlerted(injections, seen, BOUND)).isFalse();
        assertThat(AlertLatency.describe(injections, seen, BOUND)).isEqualTo("[2000, missed, 400]");
    }

    @Test
    void summarize_noneAlerted_hasNoPercentiles() {
        AlertLatency.Summary s = AlertLatency.summarize(List.of(injection("svc-0", T0, T0 + 31_000)), List.of(),
                BOUND);

        assertThat(s.missed()).isEqualTo(1);
        assertThat(s.p50Ms()).isNaN();
        assertThat(s.p99Ms()).isNaN();
    }

    @Test
    void percentile_nearestRank_matchesTheDefinitionOnKnownSets() {
        long[] ten = {100, 200, 300, 400, 500, 600, 700, 800, 900, 1_000};
        assertThat(AlertLatency.percentile(ten, 50)).isEqualTo(500);
        assertThat(AlertLatency.percentile(ten, 99)).isEqualTo(1_000);
        assertThat(AlertLatency.percentile(ten, 10)).isEqualTo(100);
        assertThat(AlertLatency.percentile(ten, 100)).isEqualTo(1_000);
        long[] two = {7, 9};
        assertThat(AlertLatency.percentile(two, 50)).isEqualTo(7);
        assertThat(AlertLatency.percentile(new long[] {42}, 99)).isEqualTo(42);
    }

    @Test
    void percentile_againstASortAndCount_onEveryRankOfARandomSet() {
        var random = new Random(7);
        long[] values = random.longs(137, 0, 10_000).sorted().toArray();
        for (int p = 1; p <= 100; p++) {
            double v = AlertLatency.percentile(values, p);
            long atOrBelow = Arrays.stream(values).filter(x -> x <= v).count();
            long below = Arrays.stream(values).filter(x -> x < v).count();
            assertThat(atOrBelow * 100).as("p%d", p).isGreaterThanOrEqualTo((long) p * values.length);
            assertThat(below * 100).as("p%d is the smallest such value", p).isLessThan((long) p * values.length);
        }
    }

    @Test
    void percentile_outOfRange_isRejected() {
        assertThatThrownBy(() -> AlertLatency.percentile(new long[] {1}, 0)).hasMessageContaining("(0, 100]");
        assertThatThrownBy(() -> AlertLatency.percentile(new long[] {1}, 101)).hasMessageContaining("101");
    }

    private static AlertLatency.Injection injection(String service, long sampleMs, long completeMs) {
        return new AlertLatency.Injection(service + "-series", service, sampleMs, completeMs);
    }
}
