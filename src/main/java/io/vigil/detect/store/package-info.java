/**
 * The model store: per-series models learned from history by {@code vigil train}, published as
 * immutable versions behind a pointer, and read by the scorer to start a series warm.
 */
package io.vigil.detect.store;
