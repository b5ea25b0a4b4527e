package io.vigil.detect.entity;

import static io.vigil.detect.entity.JudgeEntitiesTest.BREAK_FROM;
import static io.vigil.detect.entity.JudgeEntitiesTest.BREAK_TO;
import static io.vigil.detect.entity.JudgeEntitiesTest.STEP;
import static io.vigil.detect.entity.JudgeEntitiesTest.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.DetectConfig.CalibrationConfig;
import io.vigil.config.DetectConfig.ModelsConfig;
import io.vigil.detect.store.ModelStore;
import io.vigil.detect.store.StoreManifest;
import io.vigil.model.ScoredPoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An entity seeded from its history judges the next steps exactly as the stream that ran through
 * that history: the same demotions, corroborations and relation breaks, from the first step. Cold,
 * the same steps find no relation break (the model needs a day of the stream first); a version
 * trained with other entity settings is refused and the entity starts cold.
 */
class EntitySeedsTest {
    /** History: the steps before this one; the rest (a lone anomaly, copies, a pair, a break) is live. */
    static final int LIVE = 2000;
    static final CalibrationConfig CAL = ConfigLoader.defaults().detect().calibration();

    @TempDir
    Path dir;

    @Test
    void seededEntity_judgesTheLiveStepsAsTheStreamThatSawItsHistory() throws Exception {
        List<List<ScoredPoint>> steps = JudgeEntitiesTest.steps();
        EntityConfig c = JudgeEntitiesTest.config();
        List<ScoredPoint> through = live(JudgeEntitiesTest.run());

        EntitySeeds.EntitySeed seed = EntitySeeds.learn("instance=h1", members(steps, "h1"), c, STEP, CAL);
        assertThat(seed.fit().n()).as("fitted on the history").isEqualTo(JudgeEntitiesTest.SERIES);
        assertThat(seed.untilMs()).isEqualTo(T0 + (LIVE - 1) * STEP);
        assertThat(EntitySeeds.learn("instance=h2", members(steps, "h2"), c, STEP, CAL))
                .as("an entity too small to be judged has no seed").isNull();
        String store = dir.resolve("store").toString();
        String version = publish(store, EntitySeeds.settings(c, CAL), List.of(seed));

        List<ScoredPoint> seeded = runLive(c, store, steps);
        assertThat(project(seeded)).isEqualTo(project(through));
        List<ScoredPoint> breaks = JudgeEntitiesTest.entityAnomalies(seeded, BREAK_FROM, BREAK_TO);
        assertThat(breaks).as("the relation break, found from the seeded model").isNotEmpty()
                .allSatisfy(e -> assertThat(e.modelVersion()).isEqualTo(version));

        List<ScoredPoint> cold = runLive(c, "", steps);
        assertThat(JudgeEntitiesTest.entityAnomalies(cold, BREAK_FROM, BREAK_TO)).as("cold: no model yet").isEmpty();
    }

    @Test
    void versionTrainedWithOtherEntitySettings_isRefused_theEntityStartsCold() throws Exception {
        List<List<ScoredPoint>> steps = JudgeEntitiesTest.steps();
        EntityConfig c = JudgeEntitiesTest.config();
        EntityConfig other = new EntityConfig(true, c.labels(), 5, c.maxSeries(), c.window(), 0.5, c.refitEvery(), true);
        String store = dir.resolve("store").toString();
        publish(store, EntitySeeds.settings(other, CAL),
                List.of(EntitySeeds.learn("instance=h1", members(steps, "h1"), other, STEP, CAL)));

        List<ScoredPoint> out = runLive(c, store, steps);
        assertThat(JudgeEntitiesTest.entityAnomalies(out, BREAK_FROM, BREAK_TO)).isEmpty();
        assertThat(out).allSatisfy(p -> assertThat(p.modelVersion()).isEmpty());
    }

    /** Each series of {@code host} over the history steps, as the stage would have seen it. */
    static List<EntitySeeds.MemberSteps> members(List<List<ScoredPoint>> steps, String host) {
        Map<String, EntitySeeds.MemberSteps> m = new LinkedHashMap<>();
        for (List<ScoredPoint> step : steps.subList(0, LIVE)) {
            for (ScoredPoint p : step) {
                if (host.equals(p.labels().get("instance"))) {
                    m.computeIfAbsent(p.series(), s -> new EntitySeeds.MemberSteps(s, p.labels())).add(p);
                }
            }
        }
        return new ArrayList<>(m.values());
    }

    static String publish(String store, String settings, List<EntitySeeds.EntitySeed> seeds) throws Exception {
        long now = System.currentTimeMillis();
        try (ModelStore.Writer w = ModelStore.create(store, 1, now)) {
            w.addFile(EntitySeeds.FILE, EntitySeeds.encode(seeds));
            return w.publish(new StoreManifest(ModelStore.FORMAT, w.version(), now, "test", T0,
                    T0 + LIVE * STEP, STEP, Map.of("detect.entity", settings), Map.of("entity", EntitySeeds.STATE), 0, 1,
                    Map.of(), List.of())).version();
        }
    }

    /** The live steps alone, through a stage reading {@code store} ("" for none). */
    static List<ScoredPoint> runLive(EntityConfig c, String store, List<List<ScoredPoint>> steps) throws Exception {
        var h = JudgeEntitiesTest.harness(c, new ModelsConfig(store, Duration.ofMinutes(1)));
        h.open();
        JudgeEntitiesTest.feed(h, steps, LIVE, steps.size());
        h.processWatermark(T0 + (steps.size() + 10) * STEP);
        List<ScoredPoint> out = h.extractOutputValues();
        h.close();
        return out;
    }

    private static List<ScoredPoint> live(List<ScoredPoint> out) {
        return out.stream().filter(p -> p.timestampMs() >= T0 + LIVE * STEP).toList();
    }

    /** What a point says, without the version it came from. */
    private static List<String> project(List<ScoredPoint> out) {
        return out.stream().map(p -> p.series() + "@" + p.timestampMs() + " anomalous=" + p.anomalous() + " score="
                + p.score() + " detectors=" + p.detectors() + " contributors=" + p.contributors()).sorted().toList();
    }
}
