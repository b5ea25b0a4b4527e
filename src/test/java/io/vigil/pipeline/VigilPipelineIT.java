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

    @Test
    void pipeline_spikeSpreadingToCaller_oneIncidentOneAlertAndEveryPointScored() throws Exception {
        List<RawRecord> records = new ArrayList<>();
        long offset = 0;
        for (var row : SpikeScenario.rows(7)) {
            records.add(raw(offset++, SpikeScenario.adapterJson(row)));
        }
        records.add(100, raw(offset++, "{\"timestamp\":\"2026-11-20T09:10:00Z\",\"value\":\"1"));
        records.add(200, raw(offset++, "{\"timestamp\":\"2026-11-20T09:20:00Z\",\"value\":\"-Inf\",\"name\":\"x\"}"));
        records.add(300, raw(offset, "[1,2,3]"));

        StreamExecutionEnvironment env = FlinkSettings.environment(CFG.job(), new Configuration());
        var raw = env.fromData(records, TypeInformation.of(RawRecord.class))
                .uid(OperatorIds.SOURCE_COLLECTION).name("test-records");
        List<ReplayLine> lines = ReplayJob.tagged(VigilPipeline.build(SampleInput.records(raw, "test", CFG.ingest()), CFG)).executeAndCollect(1_000_000);

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
