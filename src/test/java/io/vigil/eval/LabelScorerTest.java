package io.vigil.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vigil.eval.ReplayResults.FiredAlert;
import io.vigil.eval.ReplayResults.IncidentSummary;
import io.vigil.eval.ReplayResults.SeriesScores;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Label scoring on hand-made results whose every figure can be counted by hand. */
class LabelScorerTest {
    static final long MIN = 60_000;
    static final LabelScorer SCORER = new LabelScorer(Duration.ofMinutes(5), List.of("service", "job"));

    static IncidentSummary incident(String id, long startMin, long endMin, String service) {
        return new IncidentSummary(id, startMin * MIN, endMin * MIN, Set.of(service), Set.of("m{service=\"" + service
                + "\"}"), 3, 0.9, service);
    }

    /** One series per service, 100 one-minute rows, flagged at the given minutes. */
    static SeriesScores series(String service, int... flagged) {
        int n = 100;
        long[] ts = new long[n];
        double[] zeros = new double[n];
        boolean[] alert = new boolean[n];
        for (int i = 0; i < n; i++) {
            ts[i] = i * MIN;
        }
        for (int f : flagged) {
            alert[f] = true;
        }
        return new SeriesScores("m{service=\"" + service + "\"}", ts, zeros, zeros, zeros, zeros, zeros, alert);
    }

    @Test
    void score_countsEventsRowsDelaysAndRates() {
        var labels = List.of(
                new LabelledIncident(10 * MIN, 20 * MIN, Set.of("a"), "fault in a"),
                new LabelledIncident(50 * MIN, 60 * MIN, Set.of("b"), "fault in b"),
                new LabelledIncident(80 * MIN, 85 * MIN, Set.of(), "missed"));
        var results = new ReplayResults(
                List.of(incident("i1", 12, 22, "a"), // matches label 1, paged, delay 2 min
                        incident("i2", 52, 58, "a"), // right time, wrong service: false
                        incident("i3", 30, 31, "b")), // false, paged
                List.of(new FiredAlert("f1", "i1", "warning", 12 * MIN), new FiredAlert("f2", "i3", "warning", 30 * MIN)),
                9, Map.of("a", series("a", 12, 13, 52, 53), "b", series("b", 30)));
        LabelScore s = SCORER.score(labels, results);
        assertThat(s.labels()).isEqualTo(3);
        assertThat(s.labelsDetected()).isEqualTo(1);
        assertThat(s.labelsPaged()).isEqualTo(1);
        assertThat(s.incidentsMatched()).isEqualTo(1);
        assertThat(s.pagedIncidents()).isEqualTo(2);
        assertThat(s.precision()).isEqualTo(0.5);
        assertThat(s.recall()).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(s.f1()).isCloseTo(0.4, within(1e-12));
        assertThat(s.meanDelaySeconds()).isEqualTo(120.0);
        // Series a: positive rows are minutes 10..25 (label 1 + grace) and 80..90 (label 3 concerns
        // any service): 16 + 11 = 27 positives, of which 2 flagged (12, 13); 73 negatives, 2 flagged.
        // Series b: positives 50..65 and 80..90: 27; negatives 73, 1 flagged (30).
        assertThat(s.positiveRows()).isEqualTo(54);
        assertThat(s.truePositiveRows()).isEqualTo(2);
        assertThat(s.negativeRows()).isEqualTo(146);
        assertThat(s.falsePositiveRows()).isEqualTo(3);
        assertThat(s.falsePositiveRate()).isCloseTo(3 / 146.0, within(1e-12));
        assertThat(s.anomaliesPerIncident()).isEqualTo(3.0);
        assertThat(s.days()).isCloseTo(99.0 / 1440, within(1e-12));
        assertThat(s.alertsPerDay()).isCloseTo(2 / (99.0 / 1440), within(1e-9));
    }

    @Test
    void labelFile_readsServicesListsAndQuotedDescriptions(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("labels.csv");
        Files.writeString(f, "start,end,service,description\n"
                + "2026-11-23T08:30:00Z,2026-11-23T08:44:00Z,payment|checkout,\"slow, then down\"\n"
                + "1700000000,1700000600,,any\n");
        var labels = LabelFile.read(f);
        assertThat(labels).hasSize(2);
        assertThat(labels.get(0).services()).containsExactlyInAnyOrder("payment", "checkout");
        assertThat(labels.get(0).description()).isEqualTo("slow, then down");
        assertThat(labels.get(1).concerns("anything")).isTrue();
        assertThat(labels.get(1).endMs() - labels.get(1).startMs()).isEqualTo(600_000);
    }

    @Test
    void labelFile_badTimestamp_namesFileAndLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("labels.csv");
        Files.writeString(f, "start,end\n2026-11-23T08:30:00Z,yesterday\n");
        assertThatThrownBy(() -> LabelFile.read(f)).hasMessageContaining("labels.csv:2").hasMessageContaining("yesterday");
    }

    @Test
    void seriesLabels_parsesEscapedValues() {
        assertThat(SeriesLabels.parse("m{a=\"x\\\"y\",service=\"pay\"}")).containsEntry("a", "x\"y")
                .containsEntry("service", "pay");
        assertThat(SeriesLabels.service("m{job=\"api\"}", List.of("service", "job"))).isEqualTo("api");
    }
}
