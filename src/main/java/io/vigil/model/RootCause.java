package io.vigil.model;

/** One root-cause candidate of an incident, ranked best first in {@link Incident#rootCauses()}. */
public record RootCause(String service, String series, double score, String evidence) {}
