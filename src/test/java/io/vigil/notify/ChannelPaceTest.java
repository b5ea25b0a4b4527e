package io.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.DeliveryRate;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/** The per-channel pace on a clock the test moves: the burst goes at once, then one per interval; quiet refills. */
class ChannelPaceTest {
    long nowNanos = 1_000_000_000L;

    ChannelPace pace(DeliveryRate rate) {
        return new ChannelPace(rate, () -> nowNanos, ms -> nowNanos += ms * 1_000_000);
    }

    @Test
    void burstAtOnce_thenOneASecond_quietSpellRefillsTheBurst() {
        ChannelPace slack = pace(new DeliveryRate(60, 5));
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            waits.add(slack.acquire());
        }
        assertThat(waits).containsExactly(0L, 0L, 0L, 0L, 0L, 1000L, 1000L, 1000L);

        nowNanos += 60_000_000_000L; // a quiet minute: the burst is back, no more
        waits.clear();
        for (int i = 0; i < 6; i++) {
            waits.add(slack.acquire());
        }
        assertThat(waits).containsExactly(0L, 0L, 0L, 0L, 0L, 1000L);
    }

    @Test
    void timeSpentDelivering_countsTowardsTheNextToken() {
        ChannelPace pd = pace(new DeliveryRate(120, 1));
        assertThat(pd.acquire()).isZero();
        nowNanos += 200_000_000L; // the POST took 200 ms
        assertThat(pd.acquire()).isEqualTo(300L);
    }

    @Test
    void unlimited_neverWaits() {
        ChannelPace am = pace(DeliveryRate.UNLIMITED);
        for (int i = 0; i < 1000; i++) {
            assertThat(am.acquire()).isZero();
        }
    }
}
