package io.vigil.demo;

import io.vigil.model.Timestamps;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Writes the demo scenario as files: {@code metrics.csv} in the CSV input format (what
 * {@code vigil replay} reads) and {@code labels.csv}, the injected faults as labelled incidents
 * (what {@code vigil evaluate labels} scores against). Same generator and seed as the live demo.
 */
public final class ScenarioFiles {
    public static final String METRICS = "metrics.csv";
    public static final String LABELS = "labels.csv";
    public static final String SERVICES = "services.yaml";

    /** What was written. */
    public record Written(long rows, List<InjectedIncident> incidents) {}

    private ScenarioFiles() {}

    /** @param progress called with each finished hour of scenario time */
    public static Written write(Path dir, int hours, long seed, IntConsumer progress) throws IOException {
        Files.createDirectories(dir);
        List<InjectedIncident> incidents = DemoScenario.incidents(hours);
        SyntheticMetrics metrics = new SyntheticMetrics(incidents, seed);
        long rows = 0;
        int interval = MetricsProducer.SCRAPE_INTERVAL_S;
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(METRICS), StandardCharsets.UTF_8)) {
            w.write("timestamp,metric,value,service,namespace,instance\n");
            for (long tick = 0; tick * interval < hours * 3600L; tick++) {
                for (SyntheticMetrics.Sample s : metrics.scrape(tick * interval / 60.0, interval)) {
                    w.write(Timestamps.format(s.timestampMs()) + "," + s.signal().metric() + "," + number(s.value())
                            + "," + s.service() + "," + DemoScenario.NAMESPACE + "," + s.service() + "-0:9100\n");
                    rows++;
                }
                if ((tick + 1) * interval % 3600 == 0) {
                    progress.accept((int) ((tick + 1) * interval / 3600));
                }
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(LABELS), StandardCharsets.UTF_8)) {
            w.write("start,end,service,description\n");
            long start = DemoScenario.START.toEpochMilli();
            for (InjectedIncident i : incidents) {
                w.write(Timestamps.format(start + i.startMin() * 60_000L) + ","
                        + Timestamps.format(start + i.endMin() * 60_000L) + "," + String.join("|", i.services()) + ",\""
                        + i.description().replace("\"", "\"\"") + "\"\n");
            }
        }
        writeServices(dir.resolve(SERVICES));
        return new Written(rows, incidents);
    }

    /** The shop's service graph as a {@code services.yaml}. */
    public static void writeServices(Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("# The shop's service graph (who calls whom), for root-cause ranking:\n"
                    + "# vigil replay --services " + file + "\n");
            w.write("serviceLabel: service\nservices:\n");
            for (String s : DemoScenario.SERVICES) {
                w.write("  - name: " + s + "\n    dependsOn: [" + String.join(", ", DemoScenario.CALLS.get(s)) + "]\n");
            }
        }
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
