package io.vigil.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.model.WallClock;
import io.vigil.model.Alert;
import io.vigil.model.AlertStatus;
import io.vigil.model.OutputJson;
import io.vigil.pipeline.FlinkSettings;
import io.vigil.testing.MiniClusters;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

/** The dead man's switch: the streaming job's heartbeat alerts keep coming, each valid for three intervals. */
class HeartbeatsIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    @Test
    void heartbeat_everyInterval_firingAndValidForThreeIntervals() throws Exception {
        Duration interval = Duration.ofMillis(200);
        var env = FlinkSettings.environment(ConfigLoader.defaults().job(), new Configuration());
        long before = System.currentTimeMillis();
        List<Alert> beats = Heartbeats.stream(env, interval, WallClock.system()).executeAndCollect(3);
        assertThat(beats).hasSize(3).allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(AlertStatus.FIRING);
            assertThat(a.labels()).containsEntry("alertname", "VigilHeartbeat").containsEntry("severity", "none");
            assertThat(a.endsAtMs() - a.startsAtMs()).isEqualTo(3 * interval.toMillis());
            assertThat(a.startsAtMs()).isGreaterThanOrEqualTo(before);
        });
        assertThat(beats).extracting(Alert::fingerprint).containsOnly(beats.get(0).fingerprint());
        assertThat(beats.get(2).startsAtMs()).as("spaced by the rate limit").isGreaterThan(beats.get(0).startsAtMs());
        assertThat(OutputJson.alert(beats.get(0))).contains("\"endsAt\":");
    }
}
