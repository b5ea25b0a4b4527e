package io.vigil.pipeline;

import io.vigil.model.DeadLetter;
import io.vigil.model.MetricSample;

import org.apache.flink.util.OutputTag;

/** Side outputs. Stage functions receive them through their constructors. */
public final class OutputTags {
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};
    public static final OutputTag<MetricSample> LATE_SAMPLES = new OutputTag<>("late-samples") {};

    private OutputTags() {}
}
