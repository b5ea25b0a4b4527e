package io.vigil.config;

import java.util.List;
import java.util.ServiceLoader;

/**
 * The detector modules' configuration sections, found at run time: the configuration is read below
 * the detectors (which depend on it), so it cannot name them. The detect stage registers the one
 * catalog (META-INF/services); tests pass their own.
 */
public interface DetectorCatalog {
    /** One detector's section: its name is the key segment after {@code detect.}. */
    interface Section<T extends DetectorSettings> extends ConfigSection<T> {
        String name();
    }

    /** The sections, in the order their detectors are consulted. */
    List<Section<?>> sections();

    /** The catalog the jar registers. */
    static DetectorCatalog standard() {
        return Standard.INSTANCE;
    }

    /** Loaded once: ServiceLoader scans the class path. */
    final class Standard {
        static final DetectorCatalog INSTANCE = ServiceLoader.load(DetectorCatalog.class, DetectorCatalog.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "no detector catalog registered (META-INF/services/io.vigil.config.DetectorCatalog)"));

        private Standard() {}
    }
}
