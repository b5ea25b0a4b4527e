package io.vigil.cli;

import io.vigil.demo.DemoReport;
import io.vigil.demo.DemoRunner;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code vigil demo}: everything embedded, incidents injected at known times, summary at the end. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run Vigil end to end with nothing installed: an in-process Kafka, a local Flink, and a "
                + "six-service shop whose metrics carry daily seasonality, noise and injected incidents (some "
                + "spreading to callers).",
                "Incidents and alerts print as Vigil publishes them; the scenario runs in compressed event time and "
                        + "ends by itself (or on Ctrl-C) with a summary."})
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--hours", defaultValue = "12", description = "Scenario length in hours (default ${DEFAULT-VALUE}).")
    int hours;

    @Option(names = "--speed", defaultValue = "480",
            description = "Scenario seconds per real second (default ${DEFAULT-VALUE}: 12 h in 90 s); 0 = as fast as "
                    + "possible.")
    double speed;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the synthetic metrics (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--parallelism", defaultValue = "2", description = "Flink parallelism (default ${DEFAULT-VALUE}).")
    int parallelism;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (hours < 1 || hours > 168) {
            throw new IllegalArgumentException("--hours must be between 1 and 168, not " + hours);
        }
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch finished = new CountDownLatch(1);
        var stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread hook = new Thread(() -> {
            // Ctrl-C: end the scenario early and give the summary a moment to print.
            stop.set(true);
            try {
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "vigil-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            DemoReport.Summary s = DemoRunner.run(new DemoRunner.Options(hours, speed, seed, parallelism), line -> {
                out.println(line);
                out.flush();
            }, stop::get);
            DemoReport.render(s, hours).forEach(out::println);
            out.flush();
            return 0;
        } finally {
            finished.countDown();
        }
    }
}
