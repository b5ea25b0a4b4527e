package io.vigil.detect.iforest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.detect.store.ModelStore;
import io.vigil.detect.store.StoreManifest;
import io.vigil.testing.CliRun;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Forests in the model store: {@code vigil train} puts them in the version it publishes, the job
 * reads them from the current version (checksums checked), swaps to a new version's while it runs,
 * and keeps the previous ones when a new version is corrupt.
 */
class StoreForestsTest {
    private static final long STEP = 60_000;

    @TempDir
    Path dir;

    @Test
    void trainFromCsv_publishesEntityForestsInTheVersion_readByTheJobFromTheStore() throws Exception {
        Path csv = dir.resolve("history.csv");
        StringBuilder b = new StringBuilder("timestamp,metric,value,service\n");
        Random r = new Random(2);
        long t0 = 1_767_571_200_000L;
        for (int i = 0; i < 600; i++) {
            double load = r.nextGaussian();
            long t = t0 + i * STEP;
            b.append(t).append(",cpu,").append(50 + 5 * load).append(",api\n");
            b.append(t).append(",latency,").append(100 + 10 * load + r.nextGaussian()).append(",api\n");
        }
        Files.writeString(csv, b);
        String store = dir.resolve("store").toString();
        CliRun.Result run = CliRun.run("train", "--forests", "--from", "csv", "--input", csv.toString(), "--out", store,
                "--shards", "1");
        assertThat(run.rc()).as(run.err()).isZero();
        assertThat(run.out()).contains("entity api: 2 features");

        String version = ModelStore.currentName(store);
        Path versionDir = dir.resolve("store").resolve("versions").resolve(version);
        StoreManifest m = ModelStore.loadCurrent(store, new io.vigil.detect.store.StoreExpectation(STEP, Map.of(),
                Map.of())).manifest();
        assertThat(m.files()).extracting(StoreManifest.FileEntry::name).contains("forests/models.json");
        String entityFile = m.files().stream().map(StoreManifest.FileEntry::name)
                .filter(f -> f.startsWith("forests/entity-")).findFirst().orElseThrow();
        assertThat(Files.exists(dir.resolve("store").resolve("models.json"))).as("no loose copy beside the store")
                .isFalse();

        ModelDirectory forests = ModelDirectory.open(store, STEP, 0);
        ForestModels.Model api = forests.forKey("entity", "api", 0);
        assertThat(api).isNotNull();
        assertThat(api.features()).hasSize(2);
        assertThat(api.normalised(new double[] {50, 160})).as("latency far off the load it goes with")
                .isGreaterThan(api.normalised(new double[] {50, 100}));

        Files.write(versionDir.resolve(entityFile), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> ModelDirectory.open(store, STEP, 0))
                .hasMessageContaining(entityFile).hasMessageContaining("corrupt or partly copied");
        assertThatThrownBy(() -> ModelDirectory.open(store, 5 * STEP, 0)).hasMessageContaining("PT1M grid");
    }

    @Test
    void newVersion_swapsTheForestsWhileRunning_andACorruptOneKeepsThePrevious() throws Exception {
        String store = dir.resolve("store").toString();
        publish(store, 1, "first", 1000);
        ModelDirectory forests = ModelDirectory.open(store, STEP, 10);
        assertThat(rows(forests.forKey("entity", "api", 0))).isEqualTo(300);

        publish(store, 2, "second", 2000);
        assertThat(rows(forests.forKey("entity", "api", 5))).as("not looked at before reload-every")
                .isEqualTo(300);
        assertThat(rows(forests.forKey("entity", "api", 20))).isEqualTo(400);

        String third = publish(store, 3, "third", 3000);
        Path manifest = dir.resolve("store").resolve("versions").resolve(third).resolve("forests").resolve("models.json");
        Files.writeString(manifest, "{}");
        assertThat(rows(forests.forKey("entity", "api", 40))).as("a corrupt version keeps the previous forests")
                .isEqualTo(400);
    }

    private static int rows(ForestModels.Model m) {
        return m.rowsUsed() + m.rowsExcluded();
    }

    /** A version holding one entity forest fitted on {@code 200 + 100·n} rows. */
    private String publish(String store, int n, String source, long nowMs) throws Exception {
        Random r = new Random(n);
        double[][] rows = new double[200 + 100 * n][];
        for (int i = 0; i < rows.length; i++) {
            double a = r.nextGaussian();
            rows[i] = new double[] {a, 2 * a + 0.1 * r.nextGaussian()};
        }
        ForestTrainer.Trained t = ForestTrainer.defaults().fit(rows, n);
        var model = new ForestModels.Model("entity", "api", List.of("cpu", "latency"), t.threshold(), t.center(),
                t.scale(), t.tail(), t.rowsUsed(), t.rowsExcluded(), t.forest());
        try (ModelStore.Writer w = ModelStore.create(store, 1, nowMs)) {
            for (var f : ForestModels.encode(List.of(model), source, 0.01).entrySet()) {
                w.addFile(ModelDirectory.STORE_FOLDER + f.getKey(), f.getValue());
            }
            return w.publish(new StoreManifest(ModelStore.FORMAT, w.version(), nowMs, source, 0, nowMs, STEP,
                    Map.of(), Map.of(), 0, 1, Map.of(), List.of())).version();
        }
    }
}
