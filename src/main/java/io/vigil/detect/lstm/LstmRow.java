package io.vigil.detect.lstm;

/** A clean point on its way to its family's in-stream fit ({@link FitLstmFamilies}). */
public record LstmRow(String family, String series, long timestampMs, double value) {}
