package io.vigil.cli;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --config FILE} and {@code --set key=value}, shared by every command that runs the job. */
public final class ConfigOptionsMixin {
    @Option(names = "--config", paramLabel = "FILE",
            description = "vigil.yaml with the job's settings (default: built-in defaults; "
                    + "flink-conf/vigil.yaml documents every key).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one key, e.g. --set detect.robust.sensitivity-z=5 (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    public VigilConfig load() {
        return ConfigLoader.load(config, overrides);
    }
}
