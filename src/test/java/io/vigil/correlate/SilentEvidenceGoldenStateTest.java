package io.vigil.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.StateBytes;
import io.vigil.testing.GoldenFiles;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * State saved by version 1 of a scope's sub-threshold evidence (golden/silent-evidence/v1.json)
 * must restore into evidence that answers the recorded queries as it did when the file was written,
 * and, after the recorded additions (merges, expiry past the keep time, the item cap), answers the
 * recorded queries after each and ends in the recorded state.
 *
 * <p>To write the file for a new version: {@code mvn test -Dtest=SilentEvidenceGoldenStateTest
 * -Dvigil.golden.write=src/test/resources/golden/silent-evidence/vN.json}.
 */
class SilentEvidenceGoldenStateTest {
    static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00Z
    /** Two session gaps of five minutes, as the incident session keeps evidence. */
    static final long KEEP = 600_000;

    /** {@code since(fromMs)} as version 1 answered. */
    record Query(long fromMs, Map<String, Double> evidence) {}

    /** One point's evidence added, then a query. */
    record Step(String service, long atMs, double score, Query query, int items) {}

    record Golden(SilentEvidence state, List<Query> queries, List<Step> steps, SilentEvidence after) {}

    @Test
    void v1State_restoresAndAnswersIdentically() throws IOException {
        Golden golden = GoldenFiles.read("silent-evidence", 1, Golden.class, SilentEvidenceGoldenStateTest::record);
        assertThat(golden.state().version()).isEqualTo(1);
        assertThat(golden.state().items()).isNotEmpty();
        SilentEvidence e = golden.state();
        for (Query q : golden.queries()) {
            assertThat(e.since(q.fromMs())).as("since %d", q.fromMs()).isEqualTo(q.evidence());
        }
        for (Step s : golden.steps()) {
            e = e.add(s.service(), s.atMs(), s.score(), KEEP);
            assertThat(e.items()).as("items after adding %s at %d", s.service(), s.atMs()).hasSize(s.items());
            assertThat(e.since(s.query().fromMs())).as("since %d", s.query().fromMs()).isEqualTo(s.query().evidence());
        }
        assertThat(e).isEqualTo(golden.after());
        assertThat(golden.steps()).extracting(Step::items).as("the cap was reached")
                .contains(SilentEvidence.MAX_ITEMS);
    }

    static List<Query> queries(SilentEvidence e, long now) {
        List<Query> out = new ArrayList<>();
        for (long back : new long[] {0, 60_000, 300_000, KEEP, 2 * KEEP}) {
            out.add(new Query(now - back, e.since(now - back)));
        }
        return out;
    }

    /** Five services' scores over ten minutes; then merges, expiry and a burst of 70 services. */
    static Golden record() {
        Random r = new Random(37);
        SilentEvidence e = SilentEvidence.empty();
        long t = T0;
        for (int i = 0; i < 20; i++, t += 30_000) {
            e = e.add("svc-" + r.nextInt(5), t, 0.4 + 0.1 * r.nextDouble(), KEEP);
        }
        SilentEvidence saved = StateBytes.roundTrip(SilentEvidence.class, e);
        List<Query> queries = queries(e, t);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            // A burst of distinct services in one minute (past the cap), then a quiet spell that expires them.
            String service = i >= 20 && i < 90 ? "burst-" + i : "svc-" + r.nextInt(5);
            t += i >= 20 && i < 90 ? 750 : 90_000;
            double score = 0.4 + 0.1 * r.nextDouble();
            e = e.add(service, t, score, KEEP);
            steps.add(new Step(service, t, score, new Query(t - 5_000, e.since(t - 5_000)), e.items().size()));
        }
        return new Golden(saved, queries, steps, e);
    }
}
