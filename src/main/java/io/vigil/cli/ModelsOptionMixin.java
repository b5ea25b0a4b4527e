package io.vigil.cli;

import io.vigil.config.VigilConfig;

import picocli.CommandLine.Option;

/** {@code --models DIR}: the model store series start from (the {@code detect.models} key). */
public final class ModelsOptionMixin {
    @Option(names = "--models", paramLabel = "DIR",
            description = "Model store written by 'vigil train' (a directory or s3://...): series start from their "
                    + "models there instead of cold, and newer versions are taken up while the job runs "
                    + "(the detect.models key).")
    String models;

    /** {@code cfg} reading the store given, if one was. */
    public VigilConfig apply(VigilConfig cfg) {
        return models == null ? cfg : cfg.withDetect(cfg.detect().withModels(models));
    }
}
