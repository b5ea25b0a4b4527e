package io.vigil.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchResultTest {
    private static final BenchResult.Live LIVE = new BenchResult.Live(12_345.4, 6_000, 2_500, 1_200, 10, 1, 2, 5_000);

    @Test
    void line_roundTrip_keepsEveryKeyInOrder() {
        BenchResult r = new BenchResult("rocksdb", 10_000, 1_200_000, 240_000, 260_000, 20_000, 5_000.4, 12_000, LIVE,
                17, "remote-write", 15, 20);

        String line = r.line();

        assertThat(line).isEqualTo("bench backend=rocksdb series=10000 samples=1200000 floor_per_cpu_s=250000 "
                + "vigil_per_cpu_s=20000 ratio=0.0800 state_bytes_per_series=5000 heap_bytes_per_series=12000 "
                + "p99_alert_ms=12345 p50_alert_ms=6000 p99_alert_written_ms=2500 p50_alert_written_ms=1200 "
                + "anomalies=10 alerts_missed=1 live_step_s=2 live_samples_per_s=5000 late_samples=17 format=remote-write scrape_s=15 "
                + "floor_before_per_cpu_s=240000 floor_after_per_cpu_s=260000 series_per_instance=20");
        BenchResult back = BenchResult.parse(line);
        assertThat(back.backend()).isEqualTo("rocksdb");
        assertThat(back.samples()).isEqualTo(1_200_000);
        assertThat(back.ratio()).as("against the mean of the floors before and after").isEqualTo(0.08);
        assertThat(back.floorBeforePerCpuS()).isEqualTo(240_000);
        assertThat(back.floorAfterPerCpuS()).isEqualTo(260_000);
        assertThat(back.live()).isEqualTo(new BenchResult.Live(12_345, 6_000, 2_500, 1_200, 10, 1, 2, 5_000));
        assertThat(back.lateSamples()).isEqualTo(17);
        assertThat(back.format()).isEqualTo("remote-write");
        assertThat(back.scrapeS()).isEqualTo(15);
        assertThat(back.seriesPerInstance()).isEqualTo(20);
    }

    @Test
    void line_noLivePhase_writesDashesUnderEveryLiveKey() {
        BenchResult r = new BenchResult("heap", 300, 12_000, 250_000, 250_000, 20_000, 5_000, 12_000,
                BenchResult.Live.NONE, 0, "adapter-json", 60, 4);

        assertThat(r.line()).endsWith(" heap_bytes_per_series=12000 p99_alert_ms=- p50_alert_ms=- "
                + "p99_alert_written_ms=- p50_alert_written_ms=- anomalies=- alerts_missed=- live_step_s=- "
                + "live_samples_per_s=- late_samples=0 format=adapter-json scrape_s=60 floor_before_per_cpu_s=250000 "
                + "floor_after_per_cpu_s=250000 series_per_instance=4");
        BenchResult.Live back = BenchResult.parse(r.line()).live();
        assertThat(back.anomalies()).isZero();
        assertThat(back.p99Ms()).isNaN();
    }

    @Test
    void line_everyAnomalyMissed_hasNoPercentilesButCountsThem() {
        var allMissed = new BenchResult.Live(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 3, 3, 1, 300);

        String line = new BenchResult("heap", 300, 12_000, 1, 1, 1, 1, 1, allMissed, 0, "adapter-json", 60, 4)
                .line();

        assertThat(line).contains(" p99_alert_ms=- ").contains(" anomalies=3 alerts_missed=3 ");
        assertThat(BenchResult.parse(line).live()).isEqualTo(allMissed);
    }

    @Test
    void parse_lineFromBeforeTheLivePhase_readsAsNotMeasured() {
        BenchResult old = BenchResult.parse("bench backend=heap series=10000 samples=1200000 floor_per_cpu_s=301676 "
                + "vigil_per_cpu_s=11959 ratio=0.0396 state_bytes_per_series=6801 heap_bytes_per_series=11079 "
                + "p99_alert_ms=-");

        assertThat(old.vigilPerCpuS()).isEqualTo(11959);
        assertThat(old.floorPerCpuS()).as("its one floor").isEqualTo(301676);
        assertThat(old.floorAfterPerCpuS()).isNaN();
        assertThat(old.ratio()).isEqualTo(11959.0 / 301676);
        assertThat(old.format()).isEqualTo("adapter-json");
        assertThat(old.scrapeS()).as("one sample a step, the only layout then").isEqualTo(60);
        assertThat(old.seriesPerInstance()).as("four a host, the only layout then").isEqualTo(4);
        assertThat(old.live().anomalies()).isZero();
        assertThat(old.live().p99Ms()).isNaN();
        assertThat(old.live().p99WrittenMs()).isNaN();
        assertThat(old.lateSamples()).as("not measured").isEqualTo(-1);
        assertThat(BenchResult.parse(old.line()).lateSamples()).isEqualTo(-1);
    }

    @Test
    void side_roundTrip_parses() {
        var s = new BenchResult.Side("vigil", 1000, 0.5, 1200, 42, -7, 3);

        var back = BenchResult.Side.parse(s.line());

        assertThat(back).isEqualTo(s);
        assertThat(back.perCpuSecond()).isEqualTo(2000);
        assertThat(BenchResult.Side.isSideLine(s.line())).isTrue();
        assertThat(BenchResult.Side.isSideLine("12:00:00 INFO something")).isFalse();
    }

    @Test
    void parse_otherLine_namesIt() {
        assertThatThrownBy(() -> BenchResult.parse("hello world=1")).hasMessageContaining("hello world=1");
        assertThatThrownBy(() -> BenchResult.parse("bench backend")).hasMessageContaining("not key=value");
    }
}
