package io.vigil.detect.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.detect.calibrate.CalibrationState;
import io.vigil.detect.robust.RobustState;
import io.vigil.model.WallClock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The model store's promises: a published version reads back seed for seed; a reader never sees a
 * version before it is whole; a corrupt, half-copied or incompatible version is refused with the
 * file or setting at fault and the previous one stays in use; readers running while versions are
 * published only ever see whole versions.
 */
class ModelStoreTest {
    static final long T0 = 1_767_225_600_000L;
    static final StoreExpectation EXPECTED = new StoreExpectation(60_000, Map.of("features", "step=PT1M",
            "detect.robust", "RobustConfig[window=60]"), Map.of("robust", "detector-robust-v1"));
    static final SeedCodec CODEC = new SeedCodec(Map.of("robust", RobustState.class));

    @TempDir
    Path dir;

    static SeriesSeed seed(String series, double level) {
        double[] ring = new double[60];
        for (int i = 0; i < ring.length; i++) {
            ring[i] = level + i % 7;
        }
        return new SeriesSeed(series, T0, 600, 60_000, Map.of("robust", new RobustState(1, ring, 17, 60)),
                Map.of("robust", new CalibrationState(1, 512.5, 3.2, new float[] {0.5f, Float.NaN, 1.25f}, 1, 2, 0.1,
                        0.7, Double.NaN, 4)));
    }

    StoreManifest publish(int series, double level, StoreExpectation as) throws IOException {
        try (ModelStore.Writer w = ModelStore.create(dir.toString(), 4, T0)) {
            for (int i = 0; i < series; i++) {
                w.add("cpu{pod=\"p" + i + "\"}", CODEC.encode(seed("cpu{pod=\"p" + i + "\"}", level)));
            }
            return w.publish(new StoreManifest(0, "", T0, "test", T0 - 86_400_000L, T0, as.stepMs(), as.settings(),
                    as.detectors(), 0, 0, Map.of("points", 600.0 * series), List.of()));
        }
    }

    @Test
    void publishedVersion_readsBackSeedForSeed_once_andOnlyAfterItsHistory() throws IOException {
        StoreManifest m = publish(10, 5, EXPECTED);
        assertThat(ModelStore.currentName(dir.toString())).isEqualTo(m.version());
        StoreVersion v = ModelStore.loadCurrent(dir.toString(), EXPECTED);
        assertThat(v.manifest().series()).isEqualTo(10);
        String id = "cpu{pod=\"p3\"}";
        assertThat(v.take(id, T0)).as("a point the history covers gets no seed").isNull();
        byte[] line = v.take(id, T0 + 60_000);
        SeriesSeed back = CODEC.decode(line);
        assertThat(CODEC.encode(back)).isEqualTo(CODEC.encode(seed(id, 5)));
        RobustState r = (RobustState) back.detectors().get("robust");
        assertThat(r.ring()[3]).isEqualTo(8.0);
        assertThat(back.calibrations().get("robust").excesses()[1]).isNaN();
        assertThat(v.take(id, T0 + 120_000)).as("a seed is handed out once").isNull();
        assertThat(v.take("cpu{pod=\"other\"}", T0 + 60_000)).isNull();
    }

    @Test
    void unpublishedVersion_isNeverSeen() throws IOException {
        StoreManifest first = publish(3, 5, EXPECTED);
        try (ModelStore.Writer w = ModelStore.create(dir.toString(), 4, T0 + 1)) {
            w.add("cpu{pod=\"p0\"}", CODEC.encode(seed("cpu{pod=\"p0\"}", 9)));
            assertThat(ModelStore.loadCurrent(dir.toString(), EXPECTED).name()).isEqualTo(first.version());
        }
        assertThat(ModelStore.currentName(dir.toString())).as("closed unpublished").isEqualTo(first.version());
    }

    @Test
    void corruptVersion_isRefusedNamingTheFile_andThePreviousStaysInUse() throws IOException {
        StoreManifest good = publish(10, 5, EXPECTED);
        StoreWatcher watcher = new StoreWatcher(dir.toString(), EXPECTED, 0, WallClock.system());
        assertThat(watcher.current().name()).isEqualTo(good.version());
        StoreManifest bad = publish(10, 7, EXPECTED);
        Path file = dir.resolve("versions").resolve(bad.version()).resolve(bad.files().get(0).name());
        byte[] b = Files.readAllBytes(file);
        b[b.length / 2] ^= 0x5a;
        Files.write(file, b);
        assertThatThrownBy(() -> ModelStore.loadCurrent(dir.toString(), EXPECTED)).isInstanceOf(StoreException.class)
                .hasMessageContaining(bad.version()).hasMessageContaining(bad.files().get(0).name())
                .hasMessageContaining("corrupt");
        assertThat(watcher.current().name()).isEqualTo(good.version());
        assertThat(watcher.refused()).isEqualTo(1);

        StoreManifest truncated = publish(10, 8, EXPECTED);
        Path f2 = dir.resolve("versions").resolve(truncated.version()).resolve(truncated.files().get(1).name());
        Files.write(f2, java.util.Arrays.copyOf(Files.readAllBytes(f2), 20));
        assertThat(watcher.current().name()).as("half-copied version refused too").isEqualTo(good.version());
        assertThat(watcher.refused()).isEqualTo(2);

        StoreManifest fixed = publish(10, 9, EXPECTED);
        assertThat(watcher.current().name()).isEqualTo(fixed.version());
    }

    @Test
    void incompatibleVersion_isRefusedNamingWhatDiffers() throws IOException {
        publish(2, 5, new StoreExpectation(300_000, EXPECTED.settings(), EXPECTED.detectors()));
        assertThatThrownBy(() -> ModelStore.loadCurrent(dir.toString(), EXPECTED))
                .hasMessageContaining("PT5M grid").hasMessageContaining("features.step is PT1M");
        publish(2, 5, new StoreExpectation(60_000, Map.of("features", "step=PT1M", "detect.robust",
                "RobustConfig[window=30]"), EXPECTED.detectors()));
        assertThatThrownBy(() -> ModelStore.loadCurrent(dir.toString(), EXPECTED))
                .hasMessageContaining("other detect.robust settings").hasMessageContaining("window=30");
        publish(2, 5, new StoreExpectation(60_000, EXPECTED.settings(), Map.of("robust", "detector-robust-v0")));
        assertThatThrownBy(() -> ModelStore.loadCurrent(dir.toString(), EXPECTED))
                .hasMessageContaining("detector robust as state detector-robust-v0");
        Path manifest = dir.resolve("versions").resolve(ModelStore.currentName(dir.toString())).resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"format\" : 1", "\"format\" : 99"));
        assertThatThrownBy(() -> ModelStore.loadCurrent(dir.toString(), EXPECTED)).hasMessageContaining("format 99");
    }

    @Test
    void readersDuringPublishing_onlyEverSeeWholeVersions() throws Exception {
        publish(20, 1, EXPECTED);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong reads = new AtomicLong();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        StoreVersion v = ModelStore.loadCurrent(dir.toString(), EXPECTED);
                        for (int i = 0; i < 20; i++) {
                            if (v.take("cpu{pod=\"p" + i + "\"}", T0 + 1) == null) {
                                problems.add(v.name() + " lacks p" + i);
                            }
                        }
                        reads.incrementAndGet();
                    } catch (RuntimeException e) {
                        problems.add(e.toString());
                    }
                }
            });
            t.start();
            readers.add(t);
        }
        for (int k = 2; k <= 30; k++) {
            publish(20, k, EXPECTED);
        }
        stop.set(true);
        for (Thread t : readers) {
            t.join();
        }
        assertThat(problems).isEmpty();
        assertThat(reads.get()).isPositive();
    }
}
