package io.vigil.model;

/**
 * One metric's part in an entity anomaly: its value, what is typical for it, and how much of the
 * anomaly score goes away when it is typical.
 */
public record Contributor(String series, double value, double typical, double share) {}
