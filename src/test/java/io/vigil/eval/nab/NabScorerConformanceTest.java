package io.vigil.eval.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The scorer against NAB's conformance vectors ({@code nab/conformance/expected.json}, computed by an
 * independent reference scorer that reproduces NAB's published results): two published detectors
 * on the 26-file development subset and a synthetic set that exercises every rule.
 */
class NabScorerConformanceTest {
    private static final double EXACT = 1e-9;

    static Path nab() {
        try {
            return Path.of(NabScorerConformanceTest.class.getClassLoader().getResource("nab").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode expected() throws Exception {
        return new ObjectMapper().readTree(nab().resolve("conformance/expected.json").toFile());
    }

    @ParameterizedTest
    @ValueSource(strings = {"numenta", "windowedGaussian"})
    void optimized_publishedDetector_matchesReference(String detector) throws Exception {
        var windows = NabWindows.read(nab().resolve("labels/combined_windows.json"));
        List<NabFile> corpus = NabResultsReader.corpus(nab().resolve("conformance/" + detector), detector, windows);
        JsonNode exp = expected().path("detectors").path(detector);
        for (NabProfile p : NabProfile.read(nab().resolve("config/profiles.json"))) {
            assertMatches(NabScorer.optimize(corpus, p), exp.path("optimized").path(p.name()), detector);
            // The optimiser's margin: how many thresholds it tried and the best total it found.
            JsonNode margin = exp.path("optimizer_margin").path(p.name());
            List<double[]> curve = NabScorer.curve(corpus, p);
            assertThat(curve).as(detector + " candidate thresholds").hasSize(margin.path("n_candidate_thresholds").asInt());
            assertThat(curve.stream().mapToDouble(c -> c[1]).max().orElseThrow()).as(detector + " best total")
                    .isCloseTo(margin.path("best_score").asDouble(), within(EXACT));
            assertMatches(NabScorer.scoreAt(corpus, p, NabScorer.FIXED), exp.path("fixed_threshold_0.5").path(p.name()),
                    detector);
        }
    }

    @Test
    void micro_everyRuleAndTheSweep_matchReference() throws Exception {
        JsonNode micro = expected().path("micro");
        assertThat(micro.path("row_values").size()).as("row value vectors").isEqualTo(3);
        var windows = NabWindows.read(nab().resolve("conformance/micro/windows.json"));
        List<NabFile> corpus = NabResultsReader.corpus(nab().resolve("conformance/micro/results"), "micro", windows);
        for (NabProfile p : NabProfile.standardProfiles()) {
            // Per-row values first: they localise any failure.
            for (NabFile f : corpus) {
                JsonNode fileRows = micro.path("row_values").path(f.name());
                assertThat(fileRows.path("probation_rows").asInt()).as(f.name()).isEqualTo(f.probation());
                int column = List.of("standard", "reward_low_FP_rate", "reward_low_FN_rate").indexOf(p.name()) + 3;
                double[] values = NabScorer.rowValues(f, p);
                for (JsonNode row : fileRows.path("scorable_rows")) {
                    int i = row.get(0).asInt();
                    assertThat(values[i]).as("%s row %d %s", f.name(), i, p.name())
                            .isCloseTo(row.get(column).asDouble(), within(EXACT));
                    assertThat(f.windowOf(i)).as("%s row %d window", f.name(), i).isEqualTo(row.get(2).asInt());
                }
            }
            List<double[]> curve = NabScorer.curve(corpus, p);
            JsonNode expCurve = micro.path("threshold_curves").path(p.name());
            assertThat(curve).hasSize(expCurve.size());
            for (int k = 0; k < curve.size(); k++) {
                assertThat(curve.get(k)[0]).isEqualTo(expCurve.get(k).get(0).asDouble());
                assertThat(curve.get(k)[1]).as("raw at t=%s", curve.get(k)[0])
                        .isCloseTo(expCurve.get(k).get(1).asDouble(), within(EXACT));
            }
            assertMatches(NabScorer.optimize(corpus, p), micro.path("optimized").path(p.name()), "micro");
            assertMatches(NabScorer.scoreAt(corpus, p, NabScorer.FIXED), micro.path("fixed_threshold_0.5").path(p.name()),
                    "micro");
        }
    }

    private static void assertMatches(NabResult r, JsonNode exp, String what) {
        String as = what + " " + r.profile().name() + (r.optimized() ? " optimized" : " fixed");
        assertThat(exp.isMissingNode()).as(as + " has expected values").isFalse();
        assertThat(r.threshold()).as(as + " threshold").isEqualTo(exp.path("threshold").asDouble());
        assertThat(r.normalizedScore()).as(as + " score").isCloseTo(exp.path("normalized_score").asDouble(), within(EXACT));
        assertThat(r.rawScore()).as(as + " raw").isCloseTo(exp.path("raw_score").asDouble(), within(EXACT));
        assertThat(r.nullScore()).as(as + " null").isCloseTo(exp.path("null_score").asDouble(), within(EXACT));
        assertThat(r.perfectScore()).as(as + " perfect").isCloseTo(exp.path("perfect_score").asDouble(), within(EXACT));
        JsonNode rows = exp.path("rows");
        assertThat(new long[] {r.tpRows(), r.fpRows(), r.fnRows(), r.tnRows()}).as(as + " tp/fp/fn/tn rows")
                .containsExactly(rows.path("tp_rows").asLong(), rows.path("fp_rows").asLong(),
                        rows.path("fn_rows").asLong(), rows.path("tn_rows").asLong());
        assertThat(r.windows()).as(as + " windows").isEqualTo(exp.path("windows").asInt());
        assertThat(r.windowsDetected()).as(as + " windows detected").isEqualTo(exp.path("windows_detected").asInt());
        assertThat(r.fpEvents()).as(as + " fp events").isEqualTo(exp.path("fp_events").asInt());
        assertClose(r.windowPrecision(), exp.path("window_precision"), as + " window precision");
        assertClose(r.windowRecall(), exp.path("window_recall"), as + " window recall");
        assertClose(r.windowF1(), exp.path("window_f1"), as + " window F1");
        assertClose(r.meanDetectionPosition(), exp.path("mean_detection_position"), as + " detection position");
        JsonNode files = exp.path("per_file_raw_score");
        if (files.isMissingNode()) {
            return; // the reference lists per-file scores for optimized thresholds only
        }
        assertThat(r.fileScores()).hasSize(files.size());
        for (Map.Entry<String, Double> f : r.fileScores().entrySet()) {
            assertThat(f.getValue()).as(as + " " + f.getKey()).isCloseTo(files.path(f.getKey()).asDouble(), within(EXACT));
        }
    }

    private static void assertClose(double actual, JsonNode expected, String as) {
        if (expected.isNull() || expected.isMissingNode()) {
            assertThat(actual).as(as).isNaN();
        } else {
            assertThat(actual).as(as).isCloseTo(expected.asDouble(), within(EXACT));
        }
    }
}
