package io.vigil.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.model.WallClock;
import io.vigil.testing.EditedFiles;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

/** The running job's graph follows its file; a broken edit keeps the last good graph. */
class ServiceGraphReloaderTest {
    @TempDir
    Path dir;

    @Test
    void fileChange_replacesTheGraph_badFileKeepsTheLastGoodOne() throws Exception {
        Path f = dir.resolve("services.yaml");
        EditedFiles.write(f, "services:\n  - name: a\n    dependsOn: [b]\n", 1_000_000);
        var cfg = ConfigLoader.load(null, Map.of("correlate.services", f.toString())).correlate();
        ServiceGraphReloader r = new ServiceGraphReloader(cfg, 0, WallClock.system());
        assertThat(r.current().edges()).containsExactly("a -> b");

        EditedFiles.write(f, "services:\n  - name: a\n    dependsOn: [b, c]\n", 2_000_000);
        assertThat(r.current().edges()).containsExactly("a -> b", "a -> c");

        EditedFiles.write(f, "services: [ this is not", 3_000_000);
        assertThat(r.current().edges()).as("last good graph").containsExactly("a -> b", "a -> c");
    }
}
