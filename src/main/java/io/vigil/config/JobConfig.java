package io.vigil.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * Job-level settings (the {@code job.*} keys): each, when set, wins over the cluster's; -1 (or a
 * zero interval) leaves it to the cluster (see {@code FlinkSettings}).
 */
public record JobConfig(int parallelism, int maxParallelism, Duration checkpointInterval)
        implements Serializable {

    public JobConfig withCheckpointInterval(Duration d) {
        return new JobConfig(parallelism, maxParallelism, d);
    }

    public JobConfig withParallelism(int p) {
        return new JobConfig(p, maxParallelism, checkpointInterval);
    }
}
