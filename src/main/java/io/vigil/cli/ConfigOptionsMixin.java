package io.vigil.cli;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.config.VigilOptions;

import picocli.CommandLine.Option;

import java.nio.file.Files;
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

    /** The bridge's part: its keys and Kafka's (the rest of the file is checked for unknown keys, not read). */
    public ConfigLoader.BridgeView loadBridge() {
        return ConfigLoader.bridge(config, overrides);
    }

    /** The notifier's part: its keys and Kafka's (the rest of the file is checked for unknown keys, not read). */
    public ConfigLoader.NotifyView loadNotify() {
        return ConfigLoader.notifier(config, overrides);
    }

    /**
     * The config with {@code --services FILE} applied as {@code --set correlate.services=FILE}.
     * Giving both would leave one of them silently ignored, so that is an error.
     */
    public VigilConfig load(ServicesOptionMixin services) {
        if (services.file == null) {
            return load();
        }
        String key = VigilOptions.CORRELATE_SERVICES.key();
        if (overrides.containsKey(key)) {
            throw new IllegalArgumentException("--services " + services.file + " and --set " + key + "="
                    + overrides.get(key) + " both name the service graph; give only one");
        }
        if (!Files.isRegularFile(services.file)) {
            throw new IllegalArgumentException("--services " + services.file + ": no such file");
        }
        Map<String, String> withServices = new LinkedHashMap<>(overrides);
        withServices.put(key, services.file.toString());
        return ConfigLoader.load(config, withServices);
    }
}
