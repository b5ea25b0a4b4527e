package io.vigil.pipeline;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.model.InputFormat;
import io.vigil.model.RawRecord;
import io.vigil.model.Timestamps;
import io.vigil.replay.ReplayJob;
import io.vigil.replay.ReplayLine;
import io.vigil.testing.MiniClusters;
import io.vigil.testing.OutputLines;
import io.vigil.testing.SpikeScenario;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The whole topology on a MiniCluster at parallelism 2 with the strict settings (no Kryo, no auto uids). */
class VigilPipelineIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    private static final VigilConfig CFG = ConfigLoader.load(null, Map.of("job.parallelism", "2",
            "correlate.scope-labels", "namespace"));

    private static List<RawRecord> spikeRecords() {
        List<RawRecord> records = new ArrayList<>();
        long offset = 0;
        for (var row : SpikeScenario.rows(7)) {
            records.add(raw(offset++, SpikeScenario.adapterJson(row)));
        }
        records.add(100, raw(offset++, "{\"timestamp\":\"2026-11-20T09:10:00Z\",\"value\":\"1"));
        records.add(200, raw(offset++, "{\"timestamp\":\"2026-11-20T09:20:00Z\",\"value\":\"-Inf\",\"name\":\"x\"}"));
        records.add(300, raw(offset, "[1,2,3]"));
        return records;
    }

    private static List<ReplayLine> run(ScoresOut scoresOut) throws Exception {
        StreamExecutionEnvironment env = FlinkSettings.environment(CFG.job(), new Configuration());
        var raw = env.fromData(spikeRecords(), TypeInformation.of(RawRecord.class))
                .uid(OperatorIds.SOURCE_COLLECTION).name("test-records");
        return ReplayJob.tagged(VigilPipeline.build(SampleInput.records(raw, "test", CFG.ingest()), CFG, scoresOut))
                .executeAndCollect(1_000_000);
    }

    @Test
    void pipeline_spikeSpreadingToCaller_oneIncidentOneAlertAndEveryPointScored() throws Exception {
        List<ReplayLine> lines = run(ScoresOut.EVERY_POINT);

        assertThat(file(lines, ReplayJob.SCORES)).hasSize(SpikeScenario.EXPECTED_SCORED_POINTS);

        List<JsonNode> anomalies = OutputLines.parse(file(lines, ReplayJob.ANOMALIES));
        assertThat(anomalies).isNotEmpty().allSatisfy(a -> {
            long ts = Timestamps.parse(a.path("timestamp").asText());
            assertThat(ts).isBetween(SpikeScenario.minuteMs(SpikeScenario.SPIKE_START_MIN),
                    SpikeScenario.minuteMs(SpikeScenario.SPIKE_END_MIN + 2));
            assertThat(a.path("metric").asText()).isEqualTo("latency_seconds");
            assertThat(a.path("direction").asText()).isEqualTo("up");
            assertThat(a.path("detectors").has("robust")).isTrue();
        });

        List<JsonNode> incidents = OutputLines.parse(file(lines, ReplayJob.INCIDENTS));
        assertThat(incidents.stream().map(i -> i.path("incidentId").asText()).distinct()).hasSize(1);
        assertThat(incidents.get(0).path("status").asText()).isEqualTo("open");
        JsonNode resolved = incidents.get(incidents.size() - 1);
        assertThat(resolved.path("status").asText()).isEqualTo("resolved");
        Set<String> services = new java.util.HashSet<>();
        resolved.path("affected").forEach(a -> services.add(a.path("service").asText()));
        assertThat(services).containsExactlyInAnyOrder("api", "db");
        assertThat(resolved.path("rootCauses").path(0).path("service").asText()).isEqualTo("db");
        assertThat(resolved.path("scope").path("namespace").asText()).isEqualTo("prod");

        List<JsonNode> alerts = OutputLines.parse(file(lines, ReplayJob.ALERTS));
        assertThat(alerts.stream().map(a -> a.path("fingerprint").asText()).distinct()).hasSize(1);
        assertThat(alerts.get(0).path("status").asText()).isEqualTo("firing");
        assertThat(alerts.get(alerts.size() - 1).path("status").asText()).isEqualTo("resolved");

        List<JsonNode> dead = OutputLines.parse(file(lines, ReplayJob.DEAD_LETTERS));
        assertThat(dead.stream().map(d -> d.path("reason").asText()).collect(Collectors.toList()))
                .hasSize(3)
                .anySatisfy(r -> assertThat(r).startsWith("not valid JSON"))
                .anySatisfy(r -> assertThat(r).contains("non-finite value '-Inf'"))
                .anySatisfy(r -> assertThat(r).isEqualTo("not a JSON object"));
        assertThat(dead).allSatisfy(d -> assertThat(d.path("topic").asText()).isEqualTo("test"));
    }

    /**
     * The streaming job lets only anomalies and evidence leave the detect stage: the same anomalies,
     * incidents, alerts and dead letters as with every point, and of the scores only the points
     * incidents can take.
     */
    @Test
    void onwardPointsOnly_sameAnomaliesIncidentsAlerts_scoresOnlyTheTakenOnes() throws Exception {
        List<ReplayLine> every = run(ScoresOut.EVERY_POINT);
        List<ReplayLine> onward = run(ScoresOut.ONWARD);
        for (String f : List.of(ReplayJob.ANOMALIES, ReplayJob.ALERTS)) {
            assertThat(sorted(file(onward, f))).as(f).isEqualTo(sorted(file(every, f)));
        }
        assertThat(incidentEvents(onward)).isEqualTo(incidentEvents(every)).isNotEmpty();
        assertThat(file(onward, ReplayJob.DEAD_LETTERS)).hasSameSizeAs(file(every, ReplayJob.DEAD_LETTERS));
        List<String> taken = file(every, ReplayJob.SCORES).stream()
                .filter(VigilPipelineIT::taken).toList();
        assertThat(sorted(file(onward, ReplayJob.SCORES))).isEqualTo(sorted(taken))
                .hasSizeLessThan(file(every, ReplayJob.SCORES).size() / 10);
    }

    /** A scores.csv row an incident can take: anomalous ({@code alert} 1) or scored at the evidence level. */
    private static boolean taken(String row) {
        String[] tail = row.substring(row.lastIndexOf('"') + 2).split(",", -1);
        String score = tail[tail.length - 2];
        return tail[tail.length - 1].equals("1")
                || (!score.isEmpty() && Double.parseDouble(score) >= CFG.correlate().evidenceScore());
    }

    private static List<String> sorted(List<String> lines) {
        return lines.stream().sorted().toList();
    }

    /** Each incident event's id, status, affected series and root causes (its wall-clock fields aside). */
    private static Set<String> incidentEvents(List<ReplayLine> lines) {
        return OutputLines.parse(file(lines, ReplayJob.INCIDENTS)).stream()
                .map(i -> i.path("incidentId").asText() + " " + i.path("status").asText() + " "
                        + i.path("affected") + " " + i.path("rootCauses"))
                .collect(Collectors.toSet());
    }

    @Test
    void strictSettings_operatorWithoutUid_failsGraphBuilding() {
        StreamExecutionEnvironment env = FlinkSettings.environment(CFG.job(), new Configuration());
        env.fromData(1, 2, 3).uid("numbers").map(i -> i + 1).sinkTo(new org.apache.flink.streaming.api.functions
                .sink.v2.DiscardingSink<>()).uid("discard");
        assertThatThrownBy(env::getStreamGraph).hasMessageContaining("Auto generated UIDs have been disabled");
    }

    private static RawRecord raw(long offset, String json) {
        return new RawRecord("test", 0, offset, InputFormat.ADAPTER_JSON, json.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> file(List<ReplayLine> lines, String name) {
        return lines.stream().filter(l -> l.file().equals(name)).map(ReplayLine::text).collect(Collectors.toList());
    }
}
