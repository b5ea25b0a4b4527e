/**
 * Configuration as values: {@link io.vigil.config.ConfigLoader} reads {@code vigil.yaml} into the
 * {@link io.vigil.config.VigilConfig} record tree, core keys from {@link
 * io.vigil.config.VigilOptions}, each detector module's keys through its own section ({@link
 * io.vigil.config.DetectorCatalog}). Files the configuration names are read by the stage that uses
 * them, never here.
 */
package io.vigil.config;
