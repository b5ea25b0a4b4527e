package io.vigil.bench;

import io.vigil.config.ConfigLoader;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LivePlanTest {
    @Test
    void of_halfTheSustainableRate_roundsTheStepUpToWholeSeconds() {
        // 7,000 per CPU-second on 2 cores sustains 14,000/s; half is 7,000/s: 10,000 series every 1.43 s -> 2 s.
        LivePlan plan = LivePlan.of(10_000, 7_000, 2, 40, 10);

        assertThat(plan.stepMs()).isEqualTo(2_000);
        assertThat(plan.samplesPerSecond()).isEqualTo(5_000).isLessThanOrEqualTo(7_000);
    }

    @Test
    void of_fastJob_stepIsAtLeastOneSecond() {
        assertThat(LivePlan.of(300, 700, 2, 40, 3).stepMs()).isEqualTo(1_000);
        assertThat(LivePlan.of(300, 700, 2, 40, 3).samplesPerSecond()).isEqualTo(300);
    }

    @Test
    void of_exactFit_keepsTheStep() {
        assertThat(LivePlan.of(10_000, 5_000, 2, 40, 10).stepMs()).isEqualTo(2_000);
        assertThat(LivePlan.of(10_000, 5_000, 1, 40, 10).stepMs()).isEqualTo(4_000);
    }

    @Test
    void of_noMeasuredRate_isRejected() {
        assertThatThrownBy(() -> LivePlan.of(300, Double.NaN, 2, 40, 3)).hasMessageContaining("measured rate");
        assertThatThrownBy(() -> LivePlan.of(300, 0, 2, 40, 3)).hasMessageContaining("measured rate");
    }

    @Test
    void anomalousSeries_eachInAServiceOfItsOwn() {
        LivePlan plan = LivePlan.of(10_000, 7_000, 2, 40, 10);
        Set<String> services = new HashSet<>();
        for (int a = 0; a < plan.anomalies(); a++) {
            int i = plan.anomalousSeries(a);
            assertThat(i).isBetween(0, plan.series() - 1);
            services.add(BenchSeries.service(i));
        }
        assertThat(services).hasSize(10);
    }

    @Test
    void anomalies_moreThanServices_isRejected() {
        // 300 series span 15 services.
        assertThat(LivePlan.of(300, 700, 2, 40, 15).anomalousSeries(14)).isEqualTo(280);
        assertThatThrownBy(() -> LivePlan.of(300, 700, 2, 40, 16)).hasMessageContaining("span 15");
    }

    @Test
    void anomalyAt_spikesLastTheirStepsAndAreSpacedApart() {
        LivePlan plan = LivePlan.of(300, 700, 2, 40, 3);
        int first = plan.anomalousSeries(0);
        int second = plan.anomalousSeries(1);

        assertThat(plan.anomalyAt(first, 39)).isEqualTo(-1);
        assertThat(plan.anomalyAt(first, 40)).isZero();
        assertThat(plan.anomalyAt(first, 40 + LivePlan.SPIKE_STEPS - 1)).isZero();
        assertThat(plan.anomalyAt(first, 40 + LivePlan.SPIKE_STEPS)).isEqualTo(-1);
        assertThat(plan.anomalyAt(second, 40)).isEqualTo(-1);
        assertThat(plan.anomalyAt(second, 40 + LivePlan.SPACING_STEPS)).isEqualTo(1);
        assertThat(plan.anomalyAt(first + 1, 40)).isEqualTo(-1);
        assertThat(plan.lastSpikeEnd()).isEqualTo(40 + 2 * LivePlan.SPACING_STEPS + LivePlan.SPIKE_STEPS);
    }

    @Test
    void spikeStarts_tenSpikes_coverEveryPhaseOfTheCheckpointCycleTheStepAllows() {
        long interval = LiveJob.CHECKPOINT_INTERVAL.toMillis();
        for (long stepS = 1; stepS <= 4; stepS++) {
            LivePlan plan = new LivePlan(10_000, stepS * 1_000, 40, 10);
            Set<Long> phases = new HashSet<>();
            for (int a = 0; a < plan.anomalies(); a++) {
                phases.add(Math.floorMod(plan.spikeStart(a) * plan.stepMs(), interval));
            }
            // Step boundaries can only fall on multiples of gcd(step, interval) within the cycle.
            long reachable = interval / BigInteger.valueOf(plan.stepMs()).gcd(BigInteger.valueOf(interval)).longValue();
            assertThat(phases).as("step %d s", stepS).hasSize((int) Math.min(reachable, plan.anomalies()));
        }
    }

    @Test
    void warmupSteps_defaults_coverTheRobustDetectorsWarmup() {
        assertThat(LivePlan.warmupSteps(ConfigLoader.defaults())).isEqualTo(30 + LivePlan.WARMUP_MARGIN);
    }
}
