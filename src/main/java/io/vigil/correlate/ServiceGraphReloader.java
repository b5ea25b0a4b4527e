package io.vigil.correlate;

import io.vigil.config.CorrelateConfig;
import io.vigil.model.WallClock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The service graph a running job uses: the one it started with, replaced when its file changes
 * (a ConfigMap update on Kubernetes, an edit on a VM). Looked at no more than every
 * {@value #CHECK_EVERY_MS} ms of processing time; a file that no longer parses is reported and the
 * last good graph kept, so a typo never stops root-cause ranking.
 */
final class ServiceGraphReloader {
    static final long CHECK_EVERY_MS = 30_000;
    private static final Logger LOG = LoggerFactory.getLogger(ServiceGraphReloader.class);

    private final Path file;
    private final long checkEveryMs;
    private final WallClock clock;
    private ServiceGraph graph;
    private long lastModified;
    private long nextCheck;

    ServiceGraphReloader(CorrelateConfig config, WallClock clock) {
        this(config, CHECK_EVERY_MS, clock);
    }

    ServiceGraphReloader(CorrelateConfig config, long checkEveryMs, WallClock clock) {
        this.clock = clock;
        this.graph = ServiceGraphFile.load(config);
        this.file = config.servicesFile().isBlank() ? null : Path.of(config.servicesFile());
        this.checkEveryMs = checkEveryMs;
        this.lastModified = modified();
        this.nextCheck = clock.millis() + checkEveryMs;
    }

    ServiceGraph current() {
        long now = clock.millis();
        if (file != null && now >= nextCheck) {
            nextCheck = now + checkEveryMs;
            long m = modified();
            if (m != lastModified) {
                lastModified = m;
                try {
                    graph = ServiceGraphFile.read(file);
                    LOG.info("service graph reloaded from [file={}]: {} services, {} edges", file, graph.services().size(),
                            graph.edges().size());
                } catch (IllegalArgumentException e) {
                    LOG.warn("service graph [file={}] not reloaded, keeping the last good one: {}", file, e.getMessage());
                }
            }
        }
        return graph;
    }

    private long modified() {
        try {
            return file == null ? 0 : Files.getLastModifiedTime(file).toMillis();
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
