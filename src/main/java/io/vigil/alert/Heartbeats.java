package io.vigil.alert;

import io.vigil.model.Alert;
import io.vigil.model.AlertStatus;
import io.vigil.model.Hashes;
import io.vigil.model.WallClock;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;
import java.util.Map;

/**
 * The dead man's switch: a {@code VigilHeartbeat} alert every interval of processing time, valid
 * for three intervals, so Alertmanager (or any consumer) sees a firing heartbeat while Vigil is
 * alive and notices when it stops arriving. Severity {@code none}: the notifier never pages for it.
 */
public final class Heartbeats {
    public static final String ALERT_NAME = "VigilHeartbeat";

    private Heartbeats() {}

    /** The heartbeat alert as of {@code nowMs}. */
    public static Alert at(long nowMs, Duration interval) {
        return new Alert(Hashes.shortId(ALERT_NAME), AlertStatus.FIRING,
                Map.of("alertname", ALERT_NAME, "severity", "none"),
                Map.of("summary", "Vigil is running", "description",
                        "Refreshed every " + interval + "; if it stops, Vigil has stopped detecting."),
                nowMs, nowMs + 3 * interval.toMillis(), "", 0.0);
    }

    /** An unbounded stream of heartbeats (streaming runs only: it never ends), stamped by {@code clock}. */
    public static DataStream<Alert> stream(StreamExecutionEnvironment env, Duration interval, WallClock clock) {
        double perSecond = 1000.0 / interval.toMillis();
        DataGeneratorSource<Alert> source = new DataGeneratorSource<>(i -> at(clock.millis(), interval),
                Long.MAX_VALUE, RateLimiterStrategy.perSecond(perSecond), TypeInformation.of(Alert.class));
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "heartbeat")
                .setParallelism(1)
                .uid("source-heartbeat").name("heartbeat");
    }
}
