package io.vigil.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchResultTest {
    @Test
    void line_roundTrip_keepsEveryKeyInOrder() {
        BenchResult r = new BenchResult("rocksdb", 10_000, 1_200_000, 250_000, 20_000, 5_000.4, 12_000);

        String line = r.line();

        assertThat(line).isEqualTo("bench backend=rocksdb series=10000 samples=1200000 floor_per_cpu_s=250000 "
                + "vigil_per_cpu_s=20000 ratio=0.0800 state_bytes_per_series=5000 heap_bytes_per_series=12000 "
                + "p99_alert_ms=-");
        BenchResult back = BenchResult.parse(line);
        assertThat(back.backend()).isEqualTo("rocksdb");
        assertThat(back.samples()).isEqualTo(1_200_000);
        assertThat(back.ratio()).isEqualTo(0.08);
    }

    @Test
    void side_roundTrip_parses() {
        var s = new BenchResult.Side("vigil", 1000, 0.5, 1200, 42, -7);

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
