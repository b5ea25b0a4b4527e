package io.vigil.correlate;

import io.vigil.config.CorrelateConfig;
import io.vigil.model.ReloadedFile;
import io.vigil.model.WallClock;

import java.nio.file.Path;

/**
 * The service graph a running job uses: the one it started with, replaced when its file changes
 * ({@link ReloadedFile}); a file that no longer parses is reported and the last good graph kept, so
 * a typo never stops root-cause ranking.
 */
final class ServiceGraphReloader {
    private final ReloadedFile<ServiceGraph> graph;

    ServiceGraphReloader(CorrelateConfig config, WallClock clock) {
        this(config, ReloadedFile.CHECK_EVERY_MS, clock);
    }

    ServiceGraphReloader(CorrelateConfig config, long checkEveryMs, WallClock clock) {
        this.graph = new ReloadedFile<>("service graph",
                config.servicesFile().isBlank() ? null : Path.of(config.servicesFile()),
                ServiceGraphFile.load(config), ServiceGraphFile::read, checkEveryMs, clock);
    }

    ServiceGraph current() {
        return graph.current();
    }
}
