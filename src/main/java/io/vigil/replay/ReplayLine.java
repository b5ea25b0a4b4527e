package io.vigil.replay;

/** One line of one replay output file, tagged with the file it belongs to. */
public record ReplayLine(String file, String text) {}
