package io.vigil.cli;

import io.vigil.model.WallClock;
import io.vigil.alert.Heartbeats;
import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.pipeline.FlinkSettings;
import io.vigil.pipeline.KafkaIO;
import io.vigil.pipeline.PipelineOutputs;
import io.vigil.pipeline.VigilPipeline;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code vigil run}: the streaming job against a real Kafka. Run from the checkout it starts a
 * local Flink; submitted with {@code flink run target/vigil.jar --config FILE} it runs on the cluster.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the streaming job: metrics topics in; vigil.anomalies, vigil.incidents, vigil.alerts "
                + "and vigil.deadletter out (exactly once).",
                "Locally this starts an embedded Flink; the same jar is what `flink run` takes."})
public final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    ConfigOptionsMixin config;

    @Mixin
    ServicesOptionMixin services;

    @Mixin
    ModelsOptionMixin models;

    @Option(names = "--bounded", description = "Process the topics' current backlog, then stop.")
    boolean bounded;

    @Override
    public Integer call() throws Exception {
        VigilConfig cfg = models.apply(config.load(services));
        ConfigLoader.describe(cfg).forEach(line -> LOG.info("config: {}", line));
        StreamExecutionEnvironment env = FlinkSettings.environment(cfg.job(), new Configuration());
        PipelineOutputs out = VigilPipeline.build(KafkaIO.source(env, cfg.kafka(), cfg.ingest(), bounded),
                KafkaIO.changesSource(env, cfg.kafka(), bounded), cfg);
        Duration heartbeat = cfg.alert().heartbeatInterval();
        if (!bounded && !heartbeat.isZero() && !heartbeat.isNegative()) {
            out = out.withMoreAlerts(Heartbeats.stream(env, heartbeat, WallClock.system()));
        }
        KafkaIO.attachSinks(out, cfg.kafka());
        env.execute("vigil");
        return 0;
    }
}
