package io.vigil.cli;

import io.vigil.model.WallClock;
import io.vigil.alert.Heartbeats;
import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.detect.store.StoreManifest;
import io.vigil.model.Timestamps;
import io.vigil.train.PrometheusTraining;
import io.vigil.train.SeedTraining;
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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    @Option(names = "--backfill", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Before starting, learn every series of --query from this much recent history in "
                    + "Prometheus (--prometheus) and publish it to the --models store, so a fresh deployment "
                    + "scores with warm models from its first minute, e.g. --backfill 7d.")
    Duration backfill;

    @Option(names = "--prometheus", paramLabel = "URL", description = "Prometheus base URL for --backfill.")
    String prometheus;

    @Option(names = "--query", paramLabel = "QUERY", description = "PromQL selector for --backfill (repeatable).")
    List<String> queries = new ArrayList<>();

    @Option(names = "--backfill-end", paramLabel = "TIME",
            description = "End of the backfilled history (default: now; RFC 3339 or epoch ms).")
    String backfillEnd;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        VigilConfig cfg = models.apply(config.load(services));
        if (backfill != null) {
            backfill(cfg);
        } else if (prometheus != null || !queries.isEmpty() || backfillEnd != null) {
            throw new IllegalArgumentException("--prometheus, --query and --backfill-end belong to --backfill");
        }
        ConfigLoader.describe(cfg).forEach(line -> LOG.info("config: {}", line));
        StreamExecutionEnvironment env = FlinkSettings.environment(cfg.job(), new Configuration());
        PipelineOutputs out = VigilPipeline.build(KafkaIO.samples(env, cfg.kafka(), cfg.ingest(), bounded),
                KafkaIO.changesSource(env, cfg.kafka(), bounded), cfg);
        Duration heartbeat = cfg.alert().heartbeatInterval();
        if (!bounded && !heartbeat.isZero() && !heartbeat.isNegative()) {
            out = out.withMoreAlerts(Heartbeats.stream(env, heartbeat, WallClock.system()));
        }
        KafkaIO.attachSinks(out, cfg.kafka());
        env.execute("vigil");
        return 0;
    }

    /** Trains the store on the last {@code backfill} of history before the job reads Kafka. */
    private void backfill(VigilConfig cfg) throws Exception {
        if (!cfg.detect().models().configured()) {
            throw new IllegalArgumentException("--backfill publishes models into a store: give --models DIR");
        }
        if (prometheus == null || queries.isEmpty()) {
            throw new IllegalArgumentException("--backfill needs --prometheus URL and at least one --query");
        }
        var say = spec.commandLine().getOut();
        long end = backfillEnd == null ? WallClock.system().millis() : Timestamps.parse(backfillEnd);
        say.print("backfill: " + backfill + " of ");
        StoreManifest m = PrometheusTraining.run(cfg, prometheus, queries, end - backfill.toMillis(), end,
                (h, t) -> false, cfg.detect().models().location(), 16, Runtime.getRuntime().availableProcessors(), say);
        SeedTraining.describe(m, cfg.detect().models().location()).forEach(l -> say.println("backfill: " + l));
        say.flush();
    }
}
