package io.vigil.config;

import org.apache.flink.configuration.ConfigOption;

import java.util.List;

/**
 * One part of {@code vigil.yaml}: the keys it owns and how they become its validated value. The
 * loader knows a key only because some section lists it, so a section brings its own documentation
 * (each option's description) and its own checks.
 */
public interface ConfigSection<T> {
    /** The keys of this section, each with its default and description. */
    List<ConfigOption<?>> options();

    /** The section's value, validated; errors go through {@link ConfigReader#bad}. */
    T read(ConfigReader reader);
}
