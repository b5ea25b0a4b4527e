package io.vigil.testing;

import io.vigil.ingest.proto.Label;
import io.vigil.ingest.proto.Sample;
import io.vigil.ingest.proto.TimeSeries;
import io.vigil.ingest.proto.WriteRequest;

import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Remote-write request bodies as Prometheus builds them: labels sorted, snappy block-compressed. */
public final class RemoteWriteBodies {
    private RemoteWriteBodies() {}

    public static TimeSeries series(String metric, Map<String, String> labels, long ts, double... values) {
        TreeMap<String, String> sorted = new TreeMap<>(labels);
        sorted.put("__name__", metric);
        TimeSeries.Builder b = TimeSeries.newBuilder();
        sorted.forEach((k, v) -> b.addLabels(Label.newBuilder().setName(k).setValue(v)));
        for (int i = 0; i < values.length; i++) {
            b.addSamples(Sample.newBuilder().setValue(values[i]).setTimestamp(ts + i * 15_000L));
        }
        return b.build();
    }

    public static byte[] body(List<TimeSeries> series) {
        return compress(WriteRequest.newBuilder().addAllTimeseries(series).build().toByteArray());
    }

    public static byte[] compress(byte[] raw) {
        try {
            return Snappy.compress(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A node-exporter-like fleet as Prometheus' queue sends it: {@code n} series of one scrape, one
     * sample each, drawn from a few metric families over many instances (what dominates real bodies).
     */
    public static List<TimeSeries> fleet(int n, long ts, long seed) {
        Random r = new Random(seed);
        String[][] families = {
                {"node_cpu_seconds_total", "cpu", "mode"}, {"node_network_receive_bytes_total", "device", null},
                {"node_filesystem_avail_bytes", "mountpoint", "fstype"}, {"node_memory_MemAvailable_bytes", null, null},
                {"node_disk_io_time_seconds_total", "device", null}, {"http_request_duration_seconds_bucket", "handler", "le"},
                {"process_resident_memory_bytes", null, null}, {"up", null, null}};
        String[] modes = {"idle", "user", "system", "iowait", "irq", "softirq", "steal", "nice"};
        String[] les = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"};
        List<TimeSeries> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String[] f = families[i % families.length];
            int instance = (i / families.length) % 200;
            Map<String, String> labels = new TreeMap<>();
            labels.put("instance", "10.1." + (instance / 50) + "." + (instance % 250) + ":9100");
            labels.put("job", f[0].startsWith("http") ? "api" : "node");
            labels.put("cluster", "prod-eu-1");
            if (f[1] != null) {
                labels.put(f[1], f[1].equals("cpu") ? Integer.toString(i % 16) : f[1].equals("handler")
                        ? "/api/v1/items/" + (i % 7) : f[1].equals("mountpoint") ? "/var/lib/" + (i % 5) : "sd" + (char) ('a' + i % 4));
            }
            if (f[2] != null) {
                labels.put(f[2], f[2].equals("mode") ? modes[i % modes.length] : f[2].equals("le") ? les[i % les.length] : "ext4");
            }
            double value = f[0].endsWith("_total") ? Math.floor(1e6 + r.nextDouble() * 1e9) : r.nextDouble() * 1e10;
            out.add(series(f[0], labels, ts + r.nextInt(15_000), value));
        }
        return out;
    }
}
