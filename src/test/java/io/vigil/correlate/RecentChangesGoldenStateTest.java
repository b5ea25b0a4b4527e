package io.vigil.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.ChangeEvent;
import io.vigil.model.StateBytes;
import io.vigil.testing.GoldenFiles;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * State saved by version 1 of a scope's recent change events (golden/recent-changes/v1.json) must
 * restore into a list that answers the recorded queries as it did when the file was written, and,
 * after the recorded additions (out of order, expiry past the keep time, the item cap), keeps the
 * recorded changes and ends in the recorded state.
 *
 * <p>To write the file for a new version: {@code mvn test -Dtest=RecentChangesGoldenStateTest
 * -Dvigil.golden.write=src/test/resources/golden/recent-changes/vN.json}.
 */
class RecentChangesGoldenStateTest {
    static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00Z
    /** The change look-back (30 min) plus a session gap (5 min), as the incident session keeps them. */
    static final long KEEP = 2_100_000;

    /** {@code allBefore(beforeMs)} as version 1 answered. */
    record Query(long beforeMs, boolean allBefore) {}

    /** One change added, then the descriptions kept (oldest first) and a query. */
    record Step(ChangeEvent change, List<String> kept, Query query) {}

    record Golden(RecentChanges state, List<Query> queries, List<Step> steps, RecentChanges after) {}

    @Test
    void v1State_restoresAndAnswersIdentically() throws IOException {
        Golden golden = GoldenFiles.read("recent-changes", 1, Golden.class, RecentChangesGoldenStateTest::record);
        assertThat(golden.state().version()).isEqualTo(1);
        assertThat(golden.state().items()).isNotEmpty();
        RecentChanges c = golden.state();
        for (Query q : golden.queries()) {
            assertThat(c.allBefore(q.beforeMs())).as("all before %d", q.beforeMs()).isEqualTo(q.allBefore());
        }
        for (Step s : golden.steps()) {
            c = c.add(s.change(), KEEP);
            assertThat(c.items()).extracting(ChangeEvent::description).as("kept after %s", s.change().description())
                    .containsExactlyElementsOf(s.kept());
            assertThat(c.allBefore(s.query().beforeMs())).isEqualTo(s.query().allBefore());
        }
        assertThat(c).isEqualTo(golden.after());
        assertThat(golden.queries()).extracting(Query::allBefore).contains(true, false);
        assertThat(golden.steps()).extracting(s -> s.query().allBefore()).contains(true, false);
        assertThat(golden.steps()).extracting(s -> s.kept().size()).as("the cap was reached")
                .contains(RecentChanges.MAX_ITEMS);
    }

    static ChangeEvent change(int n, long t, Random r) {
        String[] kinds = {"deploy", "config", "scale"};
        String service = "svc-" + r.nextInt(4);
        return new ChangeEvent(t, service, kinds[r.nextInt(kinds.length)], "change-" + n,
                Map.of("cluster", "eu-" + r.nextInt(2), "service", service));
    }

    /** Six changes over an hour; then a burst of 40 (some out of order) and a late one that expires the rest. */
    static Golden record() {
        Random r = new Random(43);
        RecentChanges c = RecentChanges.empty();
        long t = T0;
        int n = 0;
        for (; n < 6; n++, t += 600_000) {
            c = c.add(change(n, t, r), KEEP);
        }
        RecentChanges saved = StateBytes.roundTrip(RecentChanges.class, c);
        List<Query> queries = new ArrayList<>();
        for (long at : new long[] {T0, T0 + 1_800_000, t - 600_000, t - 599_999, t}) {
            queries.add(new Query(at, c.allBefore(at)));
        }
        List<Step> steps = new ArrayList<>();
        for (int k = 0; k < 42; k++, n++) {
            t += k == 41 ? 3_600_000 : 30_000;
            long at = k % 7 == 3 ? t - 400_000 : t; // now and then one that arrives late
            ChangeEvent e = change(n, at, r);
            c = c.add(e, KEEP);
            steps.add(new Step(e, c.items().stream().map(ChangeEvent::description).toList(),
                    new Query(t, c.allBefore(t))));
        }
        return new Golden(saved, queries, steps, c);
    }
}
