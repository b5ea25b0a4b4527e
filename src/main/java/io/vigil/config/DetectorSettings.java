package io.vigil.config;

import java.io.Serializable;

/**
 * The validated settings of one detector module (its {@code detect.<name>.*} keys). Each module
 * has its own record; the configuration holds them by module name and never looks inside.
 */
public interface DetectorSettings extends Serializable {
    /** Whether the detector runs. */
    boolean enabled();
}
