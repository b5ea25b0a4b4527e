package io.vigil.detect.entity;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.Timestamps;
import io.vigil.testing.CliRun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Entity judgement inside the job ({@code vigil replay}, local Flink): a host of ten independent
 * series, one lone spike and, later, two series spiking together. With defaults the lone spike is
 * evidence (scored, not an alert, not an anomaly, no incident) and the pair pages with one entity
 * anomaly naming them; with {@code detect.entity.enabled=false} the lone spike is an anomaly again.
 */
class EntityJudgementReplayIT {
    static final long STEP = 300_000;
    static final long T0 = Timestamps.parse("2026-01-05T00:00:00Z");
    static final int STEPS = 432; // a day and a half
    static final int LONE = 330;
    static final int PAIR = 380;

    @TempDir
    Path tmp;

    static String series(int i) {
        return "m" + i + "{instance=\"h1\"}";
    }

    Path csv() throws Exception {
        Random r = new Random(8);
        StringBuilder sb = new StringBuilder("timestamp,metric,value,instance\n");
        for (int t = 0; t < STEPS; t++) {
            for (int i = 0; i < 10; i++) {
                boolean spike = (t == LONE && i == 5) || (t == PAIR && (i == 2 || i == 7));
                double v = 100 + r.nextGaussian() + (spike ? 40 : 0);
                sb.append(Timestamps.format(T0 + t * STEP)).append(",m").append(i).append(',').append(v).append(",h1\n");
            }
        }
        Path f = tmp.resolve("metrics.csv");
        Files.writeString(f, sb);
        return f;
    }

    /** scores.csv rows of {@code series} at step {@code t}: [score, alert]. */
    static double[] scoreRow(Path out, String series, int t) throws Exception {
        String ts = Timestamps.format(T0 + t * STEP);
        for (String row : Files.readAllLines(out.resolve("scores.csv"))) {
            String[] f = row.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
            if (f[0].equals(ts) && f[1].replace("\"\"", "\"").equals("\"" + series + "\"")) {
                return new double[] {Double.parseDouble(f[6]), Double.parseDouble(f[7])};
            }
        }
        throw new AssertionError("no scores.csv row for " + series + " at " + ts);
    }

    static List<JsonNode> anomaliesAt(Path out, int t) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> at = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("anomalies.jsonl"))) {
            JsonNode a = json.readTree(line);
            if (Timestamps.parse(a.get("timestamp").asText()) == T0 + t * STEP) {
                at.add(a);
            }
        }
        return at;
    }

    @Test
    void aLoneSpikeIsEvidence_twoSeriesTogetherPageAsOneEntity() throws Exception {
        Path in = csv();
        Path out = tmp.resolve("out");
        CliRun.ok("replay", "--input", in.toString(), "--out", out.toString(), "--set", "features.step=5m");

        double[] lone = scoreRow(out, series(5), LONE);
        assertThat(lone[0]).as("the lone spike keeps its score").isGreaterThanOrEqualTo(0.5);
        assertThat(lone[1]).as("but is not an alert").isZero();
        assertThat(anomaliesAt(out, LONE)).isEmpty();

        assertThat(scoreRow(out, series(2), PAIR)[1]).isEqualTo(1);
        assertThat(scoreRow(out, series(7), PAIR)[1]).isEqualTo(1);
        List<JsonNode> pair = anomaliesAt(out, PAIR);
        assertThat(pair).extracting(a -> a.get("series").asText()).contains(series(2), series(7));
        JsonNode entity = pair.stream().filter(a -> a.has("entity")).findFirst().orElseThrow();
        assertThat(entity.get("entity").asText()).isEqualTo("h1");
        assertThat(entity.at("/labels/instance").asText()).isEqualTo("h1");
        List<String> contributors = new ArrayList<>();
        entity.get("contributors").forEach(c -> contributors.add(c.get("series").asText()));
        assertThat(contributors).contains(series(2), series(7));

        String incidents = Files.readString(out.resolve("incidents.jsonl"));
        assertThat(incidents).as("one incident, for the pair").contains("entity{instance=\\\"h1\\\"}");
        assertThat(incidents.lines().filter(l -> l.contains("\"status\":\"open\"")).count()).isEqualTo(1);

        Path off = tmp.resolve("off");
        CliRun.ok("replay", "--input", in.toString(), "--out", off.toString(), "--set", "features.step=5m",
                "--set", "detect.entity.enabled=false");
        assertThat(scoreRow(off, series(5), LONE)[1]).as("without entity judgement the lone spike pages").isEqualTo(1);
    }
}
