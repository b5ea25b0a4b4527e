package io.vigil.replay;

import io.vigil.config.VigilConfig;
import io.vigil.detect.DetectorModules;
import io.vigil.ingest.CsvLineFormat;
import io.vigil.model.InputFormat;
import io.vigil.model.OutputJson;
import io.vigil.model.RawRecord;
import io.vigil.pipeline.FlinkSettings;
import io.vigil.pipeline.OperatorIds;
import io.vigil.pipeline.PipelineOutputs;
import io.vigil.pipeline.SampleInput;
import io.vigil.pipeline.ScoresOut;
import io.vigil.pipeline.VigilPipeline;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The streaming pipeline run over one CSV file as a bounded job. Every output stream becomes
 * tagged lines collected back to this process, which writes {@code anomalies.jsonl},
 * {@code incidents.jsonl}, {@code alerts.jsonl}, {@code deadletter.jsonl} and {@code scores.csv}.
 */
public final class ReplayJob {
    public static final String ANOMALIES = OutputJson.ANOMALIES_FILE;
    public static final String INCIDENTS = OutputJson.INCIDENTS_FILE;
    public static final String ALERTS = OutputJson.ALERTS_FILE;
    public static final String DEAD_LETTERS = OutputJson.DEAD_LETTERS_FILE;
    public static final String SCORES = OutputJson.SCORES_FILE;

    private ReplayJob() {}

    /** A changes file's non-blank lines as raw records (line numbers as offsets, for dead letters). */
    static List<RawRecord> changeRecords(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such changes file: " + file);
        }
        List<RawRecord> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                out.add(new RawRecord(file.getFileName().toString(), -1, i + 1, InputFormat.ADAPTER_JSON,
                        lines.get(i).getBytes(StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    /** Runs the replay and returns how many lines went to each file. */
    public static Map<String, Long> run(Path input, Path outDir, VigilConfig cfg) throws Exception {
        return run(input, null, outDir, cfg);
    }

    /**
     * @param changes JSON lines of change events ({@code vigil.changes} shape), or null
     */
    public static Map<String, Long> run(Path input, Path changes, Path outDir, VigilConfig cfg) throws Exception {
        return run(input, changes, outDir, cfg, DetectorModules.standard());
    }

    /** The same with the detector modules given (the standard ones and a test's or an extension's). */
    public static Map<String, Long> run(Path input, Path changes, Path outDir, VigilConfig cfg, DetectorModules modules)
            throws Exception {
        StreamExecutionEnvironment env = FlinkSettings.environment(cfg.job(), new Configuration());
        FileSource<RawRecord> source = FileSource
                .forRecordStreamFormat(new CsvLineFormat(input.getFileName().toString()),
                        new org.apache.flink.core.fs.Path(input.toAbsolutePath().toUri()))
                .build();
        DataStream<RawRecord> raw = env.fromSource(source, WatermarkStrategy.noWatermarks(), "csv-file")
                .uid(OperatorIds.SOURCE_FILE).name("csv-file");
        DataStream<RawRecord> changeRecords = null;
        if (changes != null) {
            List<RawRecord> records = changeRecords(changes);
            if (!records.isEmpty()) {
                changeRecords = env.fromData(records, TypeInformation.of(RawRecord.class))
                        .uid(OperatorIds.SOURCE_FILE_CHANGES).name("changes-file");
            }
        }
        PipelineOutputs out = VigilPipeline.build(SampleInput.records(raw, input.getFileName().toString(), cfg.ingest()),
                changeRecords, cfg, modules, ScoresOut.EVERY_POINT);
        DataStream<ReplayLine> lines = tagged(out);

        Files.createDirectories(outDir);
        Map<String, BufferedWriter> writers = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        try {
            for (String f : new String[] {SCORES, ANOMALIES, INCIDENTS, ALERTS, DEAD_LETTERS}) {
                writers.put(f, Files.newBufferedWriter(outDir.resolve(f), StandardCharsets.UTF_8));
                counts.put(f, 0L);
            }
            writers.get(SCORES).write(OutputJson.SCORES_HEADER);
            writers.get(SCORES).newLine();
            try (CloseableIterator<ReplayLine> it = lines.executeAndCollect("vigil-replay " + input.getFileName())) {
                while (it.hasNext()) {
                    ReplayLine l = it.next();
                    BufferedWriter w = writers.get(l.file());
                    w.write(l.text());
                    w.newLine();
                    counts.merge(l.file(), 1L, Long::sum);
                }
            }
        } finally {
            for (BufferedWriter w : writers.values()) {
                w.close();
            }
        }
        return counts;
    }

    /** Every output stream as lines tagged with the file they belong to, in one stream. */
    public static DataStream<ReplayLine> tagged(PipelineOutputs out) {
        DataStream<ReplayLine> scores = out.scores().map(p -> new ReplayLine(SCORES, OutputJson.scoreRow(p)))
                .uid(OperatorIds.REPLAY_OUTPUT + "-scores").name("replay-scores");
        DataStream<ReplayLine> anomalies = out.anomalies().map(p -> new ReplayLine(ANOMALIES, OutputJson.anomaly(p)))
                .uid(OperatorIds.REPLAY_OUTPUT + "-anomalies").name("replay-anomalies");
        DataStream<ReplayLine> incidents = out.incidents().map(i -> new ReplayLine(INCIDENTS, OutputJson.incident(i)))
                .uid(OperatorIds.REPLAY_OUTPUT + "-incidents").name("replay-incidents");
        DataStream<ReplayLine> alerts = out.alerts().map(a -> new ReplayLine(ALERTS, OutputJson.alert(a)))
                .uid(OperatorIds.REPLAY_OUTPUT + "-alerts").name("replay-alerts");
        DataStream<ReplayLine> dead = out.deadLetters().map(d -> new ReplayLine(DEAD_LETTERS, OutputJson.deadLetter(d)))
                .uid(OperatorIds.REPLAY_OUTPUT + "-deadletter").name("replay-deadletter");
        return scores.union(anomalies, incidents, alerts, dead);
    }
}
