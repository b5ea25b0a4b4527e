package io.vigil.detect.entity;

import io.vigil.config.DetectConfig.CalibrationConfig;
import io.vigil.detect.store.SeedCodec;
import io.vigil.detect.store.StoreException;
import io.vigil.detect.store.StoreExpectation;
import io.vigil.model.ScoredPoint;

import com.fasterxml.jackson.databind.ObjectWriter;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Entities' relation models learned from history, for a model store version ({@value #FILE}: one
 * JSON line per entity). Training runs each member's scored history through the stream's own rule
 * ({@link EntityLearner}) step by step, so an entity seeded from it is where the stream would be
 * after the same history: members, groups, fitted model, D² tail and moments.
 */
public final class EntitySeeds {
    /** The file of a store version that holds the entities' seeds. */
    public static final String FILE = "entities.jsonl.gz";
    /** What a version's manifest names the stage's state, checked by the job like a detector's. */
    public static final String STATE = JudgeEntities.FIT_STATE + "+" + JudgeEntities.LEARN_STATE;

    private static final ObjectWriter WRITER = SeedCodec.JSON.writerFor(EntitySeed.class);

    private EntitySeeds() {}

    /** One entity's seed: its state after the history, which ended at step {@code untilMs}. */
    public record EntitySeed(String key, long untilMs, EntityFit fit, EntityLearning learning) {}

    /** The settings that shape an entity's learned state (a version trained with others is refused). */
    public static String settings(EntityConfig config, CalibrationConfig calibration) {
        return config + ", " + calibration;
    }

    /**
     * What a version's manifest says of the entities it holds, and what the stage checks there: the
     * same step, the same entity and calibration settings, the same state layout.
     */
    public static StoreExpectation expectation(EntityConfig config, long stepMs, CalibrationConfig calibration) {
        return new StoreExpectation(stepMs, Map.of("detect." + EntityModule.NAME, settings(config, calibration)),
                Map.of(EntityModule.NAME, STATE));
    }

    /** One member's scored history: per grid step (ascending), its deviation and whether it was anomalous. */
    public static final class MemberSteps {
        private final String series;
        private final Map<String, String> labels;
        private long[] steps = new long[64];
        private double[] deviations = new double[64];
        private boolean[] anomalous = new boolean[64];
        private int size;

        public MemberSteps(String series, Map<String, String> labels) {
            this.series = series;
            this.labels = labels;
        }

        /** A point as the entity stage sees it. */
        public void add(ScoredPoint p) {
            if (size == steps.length) {
                steps = Arrays.copyOf(steps, size * 2);
                deviations = Arrays.copyOf(deviations, size * 2);
                anomalous = Arrays.copyOf(anomalous, size * 2);
            }
            steps[size] = p.timestampMs();
            deviations[size] = RelationModel.deviation(p.value(), p.expected(), p.lower(), p.upper());
            anomalous[size] = p.anomalous();
            size++;
        }

        public String series() {
            return series;
        }
    }

    /**
     * Entity {@code key}'s seed from its members' histories (the first {@code maxSeries} by series
     * id), or null when it has fewer than {@code minSeries} members (the stream does not judge it).
     */
    public static EntitySeed learn(String key, List<MemberSteps> histories, EntityConfig config, long stepMs,
            CalibrationConfig calibration) {
        List<MemberSteps> members = new ArrayList<>(histories);
        members.removeIf(m -> m.size == 0);
        members.sort(Comparator.comparing(MemberSteps::series));
        if (members.size() > config.maxSeries()) {
            members = members.subList(0, config.maxSeries());
        }
        int n = members.size();
        if (n < config.minSeries()) {
            return null;
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (MemberSteps m : members) {
            first = Math.min(first, m.steps[0]);
            last = Math.max(last, m.steps[m.size - 1]);
        }
        EntityFit f = EntityFit.start(first);
        for (MemberSteps m : members) {
            f = f.withMember(m.series, m.labels);
        }
        EntityLearner learner = new EntityLearner(config, stepMs, calibration);
        EntityLearning l = null;
        int[] cursor = new int[n];
        double[] d = new double[n];
        int[] alerting = new int[n];
        for (long step = first; step <= last; step += stepMs) {
            boolean any = false;
            int a = 0;
            for (int i = 0; i < n; i++) {
                MemberSteps m = members.get(i);
                while (cursor[i] < m.size && m.steps[cursor[i]] < step) {
                    cursor[i]++;
                }
                if (cursor[i] < m.size && m.steps[cursor[i]] == step) {
                    d[i] = m.deviations[cursor[i]];
                    if (m.anomalous[cursor[i]]) {
                        alerting[a++] = i;
                    }
                    any = true;
                } else {
                    d[i] = Double.NaN;
                }
            }
            if (any) {
                EntityLearner.Step s = learner.learn(f, l, d, Arrays.copyOf(alerting, a), step);
                f = s.fit();
                l = s.learning();
            }
        }
        return new EntitySeed(key, last, f, l);
    }

    /** The seeds as the version's {@value #FILE}. */
    public static byte[] encode(List<EntitySeed> seeds) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            for (EntitySeed s : seeds) {
                out.write(WRITER.writeValueAsBytes(s));
                out.write('\n');
            }
        }
        return bytes.toByteArray();
    }

    /** The seeds of a version's {@value #FILE}, by entity key; {@code where} names the file in errors. */
    public static Map<String, EntitySeed> decode(byte[] gz, String where) {
        Map<String, EntitySeed> seeds = new HashMap<>();
        int line = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                new ByteArrayInputStream(gz)), StandardCharsets.UTF_8))) {
            String s;
            while ((s = r.readLine()) != null) {
                line++;
                if (!s.isBlank()) {
                    EntitySeed e = SeedCodec.JSON.readValue(s, EntitySeed.class);
                    if (e.key() == null || e.fit() == null || e.learning() == null) {
                        throw new IOException("key, fit and learning are required");
                    }
                    seeds.put(e.key(), e);
                }
            }
        } catch (IOException e) {
            throw new StoreException(where + " line " + Math.max(line, 1) + " does not read: " + e.getMessage(), e);
        }
        return seeds;
    }
}
