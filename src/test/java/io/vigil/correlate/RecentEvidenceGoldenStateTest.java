package io.vigil.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.StateBytes;
import io.vigil.testing.GoldenFiles;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * State saved by version 1 of a scope's recent evidence (golden/recent-evidence/v1.json) must
 * restore into a list that answers the recorded queries as it did when the file was written and,
 * after the recorded additions (merges of one series, expiry past the keep time, the item cap),
 * ends in the recorded state.
 *
 * <p>To write the file for a new version: {@code mvn test -Dtest=RecentEvidenceGoldenStateTest
 * -Dvigil.golden.write=src/test/resources/golden/recent-evidence/vN.json}.
 */
class RecentEvidenceGoldenStateTest {
    static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00Z
    /** Two session gaps of five minutes, as the incident session keeps evidence with no incident open. */
    static final long KEEP = 600_000;

    /** {@code since(fromMs)} as version 1 answered. */
    record Query(long fromMs, List<RecentEvidence.Item> items) {}

    /** One point's evidence added, then how many items were seen in the last 5 s and how many are kept. */
    record Step(String series, String service, long atMs, double score, double value, int recent, int items) {}

    record Golden(RecentEvidence state, List<Query> queries, List<Step> steps, RecentEvidence after) {}

    @Test
    void v1State_restoresAndAnswersIdentically() throws IOException {
        Golden golden = GoldenFiles.read("recent-evidence", 1, Golden.class, RecentEvidenceGoldenStateTest::record);
        assertThat(golden.state().version()).isEqualTo(1);
        assertThat(golden.state().items()).isNotEmpty();
        RecentEvidence e = golden.state();
        for (Query q : golden.queries()) {
            assertThat(e.since(q.fromMs())).as("since %d", q.fromMs()).isEqualTo(q.items());
        }
        for (Step s : golden.steps()) {
            e = e.add(s.series(), s.service(), s.atMs(), s.score(), s.value(), s.value() / 2, KEEP);
            assertThat(e.items()).as("items after adding %s at %d", s.series(), s.atMs()).hasSize(s.items());
            assertThat(e.since(s.atMs() - 5_000)).as("recent at %d", s.atMs()).hasSize(s.recent());
        }
        assertThat(e).isEqualTo(golden.after());
        assertThat(golden.steps()).extracting(Step::items).as("the cap was reached").contains(RecentEvidence.MAX_ITEMS);
    }

    @Test
    void oneSeries_isOneItem_keepingItsFirstTimeAndPeak() {
        RecentEvidence e = RecentEvidence.empty().add("cpu{pod=\"a\"}", "a", T0, 0.4, 3, 2, KEEP)
                .add("cpu{pod=\"a\"}", "a", T0 + 60_000, 0.7, 5, 2, KEEP)
                .add("cpu{pod=\"a\"}", "a", T0 + 120_000, 0.5, 4, 2, KEEP);
        assertThat(e.items()).as("the peak's value and expectation are kept with it").containsExactly(
                new RecentEvidence.Item("cpu{pod=\"a\"}", "a", T0, T0 + 60_000, 0.7, 5, 2, T0 + 120_000));
        assertThat(e.items().get(0).metric()).isEqualTo("cpu");
        // Moving again after the keep time is a new episode of that series.
        RecentEvidence later = e.add("cpu{pod=\"a\"}", "a", T0 + 120_000 + KEEP + 1, 0.45, 3, 2, KEEP);
        assertThat(later.items()).extracting(RecentEvidence.Item::firstAtMs).containsExactly(T0 + 120_000 + KEEP + 1);
        assertThat(later.quietSince(T0 + 120_000 + KEEP + 2)).isTrue();
        assertThat(later.quietSince(T0 + 120_000 + KEEP + 1)).isFalse();
    }

    static List<Query> queries(RecentEvidence e, long now) {
        List<Query> out = new ArrayList<>();
        for (long back : new long[] {0, 60_000, 300_000, KEEP, 2 * KEEP}) {
            out.add(new Query(now - back, e.since(now - back)));
        }
        return out;
    }

    /** Twenty series of five services over ten minutes; then merges, expiry and a burst of 300 series. */
    static Golden record() {
        Random r = new Random(41);
        RecentEvidence e = RecentEvidence.empty();
        long t = T0;
        for (int i = 0; i < 40; i++, t += 15_000) {
            int s = r.nextInt(20);
            e = e.add("m" + s + "{service=\"svc-" + s % 5 + "\"}", "svc-" + s % 5, t, 0.4 + 0.3 * r.nextDouble(),
                    10 * r.nextDouble(), 5, KEEP);
        }
        RecentEvidence saved = StateBytes.roundTrip(RecentEvidence.class, e);
        List<Query> queries = queries(e, t);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            // A burst of distinct series in a few minutes (past the cap), then a quiet spell that expires them.
            boolean burst = i >= 20 && i < 320;
            int s = burst ? 100 + i : r.nextInt(20);
            String series = "m" + s + "{service=\"svc-" + s % 5 + "\"}";
            t += burst ? 500 : 30_000;
            double score = 0.4 + 0.3 * r.nextDouble();
            double value = 10 * r.nextDouble();
            e = e.add(series, "svc-" + s % 5, t, score, value, value / 2, KEEP);
            steps.add(new Step(series, "svc-" + s % 5, t, score, value, e.since(t - 5_000).size(), e.items().size()));
        }
        return new Golden(saved, queries, steps, e);
    }
}
