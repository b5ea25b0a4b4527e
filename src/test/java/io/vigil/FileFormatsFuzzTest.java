package io.vigil;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.correlate.ServiceGraphFile;
import io.vigil.detect.control.ControlRules;
import io.vigil.detect.iforest.CompactForest;
import io.vigil.detect.iforest.ForestModels;
import io.vigil.detect.iforest.ForestTrainer;
import io.vigil.detect.iforest.ModelBytes;
import io.vigil.detect.store.StoreException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The files an operator hands Vigil, mutated with a fixed seed: the service graph, the controls
 * file, the seasonal calendar, a model store's manifest and the bytes of a stored forest model. Each
 * mutation either reads or is refused with Vigil's own error naming the file; nothing else (a
 * NullPointerException, an array sized from a corrupt length, a stack overflow) may come out.
 */
class FileFormatsFuzzTest {
    static final int MUTATIONS = 5_000;
    /** Bytes a mutation inserts: YAML and CSV structure, quotes, anchors, control and multi-byte characters. */
    static final byte[][] PIECES = {":".getBytes(), "-".getBytes(), "\n".getBytes(), "  ".getBytes(), "[".getBytes(),
            "]".getBytes(), "{".getBytes(), "}".getBytes(), ",".getBytes(), "\"".getBytes(), "'".getBytes(),
            "&a ".getBytes(), "*a".getBytes(), "!!binary ".getBytes(), "%YAML 1.1\n".getBytes(), "#".getBytes(),
            "\t".getBytes(), "~".getBytes(), "null".getBytes(), "9999999999999999999999".getBytes(), "-1".getBytes(),
            "NaN".getBytes(), "2026-13-45".getBytes(), "é".getBytes(StandardCharsets.UTF_8), {(byte) 0xff},
            {0}, "dependsOn: ".getBytes(), "selector: ".getBytes(), "<<: ".getBytes()};

    @TempDir
    Path dir;

    /** One seeded mutation of {@code seed}: a flipped byte, a cut, an inserted piece, a repeated or dropped span. */
    static byte[] mutate(byte[] seed, Random r) {
        byte[] b = seed.clone();
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int at = r.nextInt(b.length);
            switch (r.nextInt(6)) {
                case 0 -> b[at] = (byte) r.nextInt(256);
                case 1 -> b = java.util.Arrays.copyOf(b, at);
                case 2 -> b = splice(b, at, at, PIECES[r.nextInt(PIECES.length)]);
                case 3 -> {
                    int end = Math.min(b.length, at + 1 + r.nextInt(40));
                    b = splice(b, at, at, java.util.Arrays.copyOfRange(b, at, end));
                }
                case 4 -> b = splice(b, at, Math.min(b.length, at + 1 + r.nextInt(40)), new byte[0]);
                default -> b[at] ^= (byte) (1 << r.nextInt(8));
            }
        }
        return b;
    }

    static byte[] splice(byte[] b, int from, int to, byte[] insert) {
        byte[] out = new byte[b.length - (to - from) + insert.length];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(b, to, out, from + insert.length, b.length - to);
        return out;
    }

    /**
     * Runs every mutation through {@code read}; each must read or fail with an {@link
     * IllegalArgumentException} (config errors are one) or {@link StoreException} that names
     * {@code name}. Returns how many were refused.
     */
    static int fuzz(String name, byte[] seed, long randomSeed, Consumer<byte[]> read) {
        Random r = new Random(randomSeed);
        int refused = 0;
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < MUTATIONS; i++) {
            byte[] m = mutate(seed, r);
            try {
                read.accept(m);
            } catch (IllegalArgumentException | StoreException e) {
                refused++;
                if (e.getMessage() == null || !e.getMessage().contains(name)) {
                    wrong.add("mutation " + i + ": error does not name " + name + ": " + e);
                }
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                wrong.add("mutation " + i + ": " + e + " for " + new String(m, StandardCharsets.UTF_8)
                        .replace("\n", "\\n"));
            }
        }
        assertThat(wrong).as(name).isEmpty();
        return refused;
    }

    @Test
    void serviceGraph() throws Exception {
        Path file = dir.resolve("services.yaml");
        byte[] seed = Files.readAllBytes(Path.of("flink-conf/services.yaml"));
        int refused = fuzz(file.toString(), seed, 1, m -> {
            write(file, m);
            ServiceGraphFile.read(file);
        });
        assertThat(refused).as("some mutations are refused, some still read").isBetween(1, MUTATIONS - 1);
    }

    @Test
    void controlsFile() throws Exception {
        Path file = dir.resolve("controls.yaml");
        byte[] seed = Files.readAllBytes(Path.of("flink-conf/controls.yaml"));
        int refused = fuzz(file.toString(), seed, 2, m -> {
            write(file, m);
            ControlRules.load(ConfigLoader.load(null, Map.of("detect.controls.rules", file.toString()))
                    .detect().controls());
        });
        assertThat(refused).isBetween(1, MUTATIONS - 1);
    }

    @Test
    void seasonalCalendar() throws Exception {
        Path file = dir.resolve("calendar.csv");
        byte[] seed = ("name,start,end\nblack-friday,2026-11-27T00:00:00Z,2026-11-28T00:00:00Z\n"
                + "# maintenance\nupgrade,2026-12-01T02:00:00Z,2026-12-01T04:00:00Z\n").getBytes(StandardCharsets.UTF_8);
        int refused = fuzz(file.toString(), seed, 3, m -> {
            write(file, m);
            ConfigLoader.load(null, Map.of("detect.seasonal.calendar", file.toString()));
        });
        assertThat(refused).isBetween(1, MUTATIONS - 1);
    }

    @Test
    void forestModelBytes() {
        Random r = new Random(4);
        double[][] rows = new double[300][];
        for (int i = 0; i < rows.length; i++) {
            double a = r.nextGaussian();
            rows[i] = new double[] {a, 2 * a + 0.1 * r.nextGaussian()};
        }
        ForestTrainer.Trained t = ForestTrainer.defaults().fit(rows, 4);
        byte[] seed = ModelBytes.of(new ForestModels.Model("entity", "api", List.of("cpu", "latency"), t.threshold(),
                t.center(), t.scale(), t.tail(), t.rowsUsed(), t.rowsExcluded(), t.forest()));
        fuzz("models/api.forest", seed, 5, m -> ModelBytes.read(m, "models/api.forest"));
        fuzz("forest of api", t.forest().toBytes(), 6, m -> CompactForest.fromBytes(m, "forest of api"));
    }

    /** A published store version whose manifest is mutated: read whole and checked, or refused naming the store. */
    @Test
    void modelStoreManifest() throws Exception {
        String store = dir.resolve("store").toString();
        long step = 60_000;
        try (io.vigil.detect.store.ModelStore.Writer w = io.vigil.detect.store.ModelStore.create(store, 1, 1000)) {
            w.addFile("forests/models.json", "{}".getBytes(StandardCharsets.UTF_8));
            w.publish(new io.vigil.detect.store.StoreManifest(io.vigil.detect.store.ModelStore.FORMAT, w.version(),
                    1000, "test", 0, 1000, step, Map.of(), Map.of(), 0, 1, Map.of(), List.of()));
        }
        String version = io.vigil.detect.store.ModelStore.currentName(store);
        Path manifest = dir.resolve("store").resolve("versions").resolve(version).resolve("manifest.json");
        byte[] seed = Files.readAllBytes(manifest);
        var expected = new io.vigil.detect.store.StoreExpectation(step, Map.of(), Map.of());
        int refused = fuzz(store, seed, 8, m -> {
            write(manifest, m);
            var v = io.vigil.detect.store.ModelStore.loadCurrent(store, expected);
            v.file("forests/models.json");
        });
        assertThat(refused).isBetween(1, MUTATIONS - 1);
    }

    static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
