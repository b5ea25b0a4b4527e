package io.vigil.ingest;

import io.vigil.model.MetricSample;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SplitWatermarksTest {
    static final class Recorder implements WatermarkOutput {
        final List<Long> marks = new ArrayList<>();
        int idles;

        @Override
        public void emitWatermark(Watermark watermark) {
            marks.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {
            idles++;
        }

        @Override
        public void markActive() {}

        long last() {
            return marks.get(marks.size() - 1);
        }
    }

    static MetricSample at(int origin, long ts) {
        return new MetricSample("m{}", "m", Map.of(), ts, 1.0, false, origin);
    }

    void event(SplitWatermarks g, Recorder out, int origin, long ts) {
        g.onEvent(at(origin, ts), ts, out);
    }

    @Test
    void eventTimeFollowsTheSlowestPartition_notTheNewestSample() {
        SplitWatermarks g = new SplitWatermarks(1000, 60_000, 0);
        Recorder out = new Recorder();
        event(g, out, 1, 100_000); // partition 1 read far ahead (a backlog read unevenly)
        event(g, out, 2, 10_000);
        g.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(10_000 - 1000 - 1);
        event(g, out, 2, 50_000);
        g.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(50_000 - 1001);
        event(g, out, 2, 200_000);
        g.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(100_000 - 1001);
        event(g, out, 1, 90_000); // older than what it had: never moves event time back
        g.onPeriodicEmit(out);
        assertThat(out.marks).isSorted();
    }

    @Test
    void noWatermarkDuringTheStartGrace_soALatePartitionIsNotLate() throws Exception {
        SplitWatermarks g = new SplitWatermarks(0, 10_000, 100);
        Recorder out = new Recorder();
        event(g, out, 1, 100_000);
        g.onPeriodicEmit(out);
        assertThat(out.marks).isEmpty();
        Thread.sleep(150);
        event(g, out, 2, 1_000); // its first sample comes later, from the start of the backlog
        g.onPeriodicEmit(out);
        assertThat(out.marks).containsExactly(999L);
    }

    @Test
    void liveStart_noGrace_eventTimeStartsAtOnce() {
        SplitWatermarks g = new SplitWatermarks(30_000, 60_000, 3_600_000);
        Recorder out = new Recorder();
        long now = System.currentTimeMillis();
        event(g, out, 1, now - 2_000);
        event(g, out, 2, now - 1_000);
        g.onPeriodicEmit(out);
        assertThat(out.marks).containsExactly(now - 2_000 - 30_001);
    }

    @Test
    void oneBackloggedPartition_keepsTheWholeGrace() {
        SplitWatermarks g = new SplitWatermarks(30_000, 60_000, 3_600_000);
        Recorder out = new Recorder();
        long now = System.currentTimeMillis();
        event(g, out, 1, now - 1_000);
        event(g, out, 2, now - 600_000); // ten minutes behind: the job was down, others may be too
        event(g, out, 2, now - 500);
        g.onPeriodicEmit(out);
        assertThat(out.marks).isEmpty();
    }

    @Test
    void aSilentPartitionStopsHoldingBack_allSilentMarksIdle() throws Exception {
        SplitWatermarks g = new SplitWatermarks(0, 50, 0);
        Recorder out = new Recorder();
        event(g, out, 1, 5_000);
        event(g, out, 2, 1_000);
        Thread.sleep(120);
        event(g, out, 1, 6_000);
        g.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(5_999);
        Thread.sleep(120);
        g.onPeriodicEmit(out);
        assertThat(out.idles).isEqualTo(1);
        event(g, out, 2, 7_000);
        g.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(6_999);
    }
}
