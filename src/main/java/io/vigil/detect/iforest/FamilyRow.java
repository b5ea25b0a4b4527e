package io.vigil.detect.iforest;

/** A clean family vector on its way to its family's in-stream fit ({@link FitFamilies}). */
public record FamilyRow(String family, String series, long timestampMs, double[] vector) {}
