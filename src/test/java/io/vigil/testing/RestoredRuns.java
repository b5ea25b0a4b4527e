package io.vigil.testing;

import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * A keyed operator fed the same inputs twice: once without a break, and once snapshotted after
 * {@code cut} inputs and restored into a new instance for the rest; what each emitted, for a test to
 * hold the two to each other.
 *
 * @param whole everything the uninterrupted operator emitted
 * @param beforeSnapshot what the first instance emitted before its snapshot
 * @param afterRestore what the restored instance emitted
 */
public record RestoredRuns<O>(List<StreamRecord<? extends O>> whole, List<O> beforeSnapshot,
        List<StreamRecord<? extends O>> afterRestore) {

    /** A fresh harness, set up but not opened. */
    public interface Harnesses<K, I, O> {
        KeyedOneInputStreamOperatorTestHarness<K, I, O> create() throws Exception;
    }

    public static <K, I, O> RestoredRuns<O> of(Harnesses<K, I, O> harnesses, List<I> inputs, int cut,
            ToLongFunction<I> timeOf) throws Exception {
        var uninterrupted = harnesses.create();
        uninterrupted.open();
        feed(uninterrupted, inputs, timeOf);
        List<StreamRecord<? extends O>> whole = uninterrupted.extractOutputStreamRecords();
        uninterrupted.close();

        var first = harnesses.create();
        first.open();
        feed(first, inputs.subList(0, cut), timeOf);
        List<O> before = first.extractOutputValues();
        OperatorSubtaskState snapshot = first.snapshot(1L, timeOf.applyAsLong(inputs.get(cut - 1)));
        first.close();

        var restored = harnesses.create();
        restored.initializeState(snapshot);
        restored.open();
        feed(restored, inputs.subList(cut, inputs.size()), timeOf);
        List<StreamRecord<? extends O>> after = restored.extractOutputStreamRecords();
        restored.close();
        return new RestoredRuns<>(whole, before, after);
    }

    private static <K, I, O> void feed(KeyedOneInputStreamOperatorTestHarness<K, I, O> h, List<I> inputs,
            ToLongFunction<I> timeOf) throws Exception {
        for (I in : inputs) {
            h.processElement(in, timeOf.applyAsLong(in));
        }
    }
}
