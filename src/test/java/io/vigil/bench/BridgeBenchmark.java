package io.vigil.bench;

import io.vigil.bridge.RemoteWriteBridge;
import io.vigil.bridge.WritePlan;
import io.vigil.bridge.WriteProcessor;
import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.demo.EmbeddedKafka;
import io.vigil.ingest.RemoteWriteDecoder;
import io.vigil.testing.RemoteWriteBodies;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The remote-write bridge: per request of {@code series} one-sample series, as Prometheus'
 * queue sends them (node-exporter-like label sets). {@code process}: decompress, parse, check, guard,
 * regroup by partition, re-encode and compress (one thread, so time / series = CPU per sample).
 * {@code jobDecode}: the job's side of one such record. {@code httpToKafka}: four Prometheus shards
 * posting to a bridge writing to an in-process Kafka broker with acks=all; its teardown prints
 * samples/s, CPU per sample (process CPU time, broker included) and Kafka bytes per sample.
 *
 * <p>{@code mvn -Pbench clean test -Dbench=BridgeBenchmark}
 */
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BridgeBenchmark {

    @State(Scope.Thread)
    public static class Bodies {
        @Param({"1000", "5000"})
        int series;

        byte[] body;
        byte[] record;
        WriteProcessor processor;

        @Setup
        public void setUp() throws Exception {
            body = RemoteWriteBodies.body(RemoteWriteBodies.fleet(series, 1_795_000_000_000L, series));
            processor = new WriteProcessor(ConfigLoader.defaults().bridge().limits(), System::currentTimeMillis);
            record = processor.process(body, 1).records().get(0).value();
            WritePlan six = processor.process(body, 6);
            long written = six.records().stream().mapToLong(r -> r.value().length).sum();
            System.out.printf("%nbridge: %d series: request %d B (%.1f B/sample); Kafka values over 6 partitions "
                    + "%d B (%.1f B/sample)%n", series, body.length, (double) body.length / series, written,
                    (double) written / series);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public WritePlan process(Bodies b) throws Exception {
        return b.processor.process(b.body, 6);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public int jobDecode(Bodies b, Blackhole bh) throws Exception {
        return new RemoteWriteDecoder(1 << 26).decode(b.record, bh::consume).samples();
    }

    @State(Scope.Benchmark)
    public static class Live {
        static final int SERIES = 2000;
        EmbeddedKafka kafka;
        RemoteWriteBridge bridge;
        HttpClient http;
        URI uri;
        byte[] body;
        long cpuStart;
        long samplesStart;
        long bytesStart;
        long wallStart;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            kafka = EmbeddedKafka.start();
            kafka.createTopics(6, List.of("bench"));
            VigilConfig c = ConfigLoader.load(null, Map.of("kafka.topics.metrics", "bench", "bridge.listen",
                    "127.0.0.1:0"));
            bridge = RemoteWriteBridge.start(c.bridge(), c.kafka().withBootstrapServers(kafka.bootstrapServers()),
                    line -> { });
            http = HttpClient.newHttpClient();
            uri = URI.create("http://127.0.0.1:" + bridge.port() + "/api/v1/write");
            body = RemoteWriteBodies.body(RemoteWriteBodies.fleet(SERIES, 1_795_000_000_000L, 9));
        }

        @Setup(Level.Iteration)
        public void mark() {
            cpuStart = cpuNanos();
            samplesStart = bridge.metrics().samplesWritten();
            bytesStart = bridge.metrics().bytesWritten();
            wallStart = System.nanoTime();
        }

        @TearDown(Level.Iteration)
        public void report() {
            long samples = bridge.metrics().samplesWritten() - samplesStart;
            double wall = (System.nanoTime() - wallStart) / 1e9;
            System.out.printf("%nhttp->kafka: %.0f samples/s, %.2f µs CPU/sample (process, broker included), "
                    + "%.1f Kafka value bytes/sample%n", samples / wall, (cpuNanos() - cpuStart) / 1e3 / samples,
                    (double) (bridge.metrics().bytesWritten() - bytesStart) / samples);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            bridge.close();
            kafka.close();
        }

        static long cpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(4)
    public int httpToKafka(Live l) throws Exception {
        HttpResponse<Void> r = l.http.send(HttpRequest.newBuilder(l.uri).header("Content-Encoding", "snappy")
                .POST(HttpRequest.BodyPublishers.ofByteArray(l.body)).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() != 204) {
            throw new IllegalStateException("bridge answered " + r.statusCode());
        }
        return r.statusCode();
    }
}
