package io.vigil.bench;

import io.vigil.ingest.proto.Label;
import io.vigil.ingest.proto.Sample;
import io.vigil.ingest.proto.TimeSeries;
import io.vigil.ingest.proto.WriteRequest;
import io.vigil.model.SeriesIds;
import io.vigil.model.Timestamps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The bench's floor, run as a child JVM: what the least a Java consumer of the metrics topic costs.
 * Single-threaded, it reads the topic from the earliest offset (partitions assigned, no group),
 * parses every record into a Jackson tree, builds the series id as the job does (name + sorted
 * labels, {@link SeriesIds}), parses the timestamp and value, and updates that series' rolling mean
 * in a {@link HashMap} (which hashes the id). Remote-write records are decompressed and parsed into
 * protobuf's objects instead of a Jackson tree. It measures its own CPU from the moment
 * {@link BenchResult#WINDOW_START} of the samples are consumed to the moment all are, and prints
 * one {@link BenchResult.Side} line.
 *
 * <p>Arguments: {@code BOOTSTRAP TOPIC EXPECTED_SAMPLES adapter-json|remote-write}.
 */
public final class FloorConsumer {
    /** Samples per series in the rolling mean: the job's shortest feature window. */
    static final int WINDOW = 5;
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, RollingMean> means = new HashMap<>();

    private FloorConsumer() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: FloorConsumer BOOTSTRAP TOPIC EXPECTED_SAMPLES FORMAT");
        }
        BenchResult.Side side = new FloorConsumer().consume(args[0], args[1], Long.parseLong(args[2]),
                BenchFormat.of(args[3]));
        System.out.println(side.line());
    }

    private BenchResult.Side consume(String bootstrap, String topic, long expected, BenchFormat format)
            throws IOException {
        long heapBefore = ProcessCpu.heapUsedAfterGc();
        long windowStartAt = BenchResult.windowStart(expected);
        long consumed = 0;
        long startConsumed = -1;
        long startCpu = 0;
        try (var consumer = new KafkaConsumer<byte[], byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long lastProgress = System.nanoTime();
            while (consumed < expected) {
                var records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    if (System.nanoTime() - lastProgress > STALL_NANOS) {
                        throw new IllegalStateException("no records for 60 s after " + consumed + " of " + expected);
                    }
                    continue;
                }
                lastProgress = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    consumed += format == BenchFormat.ADAPTER_JSON ? update(r.value()) : updateRemoteWrite(r.value());
                    if (startConsumed < 0 && consumed >= windowStartAt) {
                        startConsumed = consumed;
                        startCpu = ProcessCpu.nanos();
                    }
                }
            }
        }
        long cpu = ProcessCpu.nanos() - startCpu;
        long heap = ProcessCpu.heapUsedAfterGc() - heapBefore;
        return new BenchResult.Side("floor", consumed - startConsumed, cpu / 1e9, consumed, 0, heap, 0);
    }

    /** Reads one remote-write record; returns the samples it held. */
    private int updateRemoteWrite(byte[] payload) throws IOException {
        WriteRequest request = WriteRequest.parseFrom(Snappy.uncompress(payload));
        int samples = 0;
        for (TimeSeries ts : request.getTimeseriesList()) {
            String metric = "";
            Map<String, String> labels = new TreeMap<>();
            for (Label l : ts.getLabelsList()) {
                if (l.getName().equals("__name__")) {
                    metric = l.getValue();
                } else {
                    labels.put(l.getName(), l.getValue());
                }
            }
            RollingMean mean = means.computeIfAbsent(SeriesIds.of(metric, labels), k -> new RollingMean());
            for (Sample s : ts.getSamplesList()) {
                mean.add(s.getTimestamp(), s.getValue());
                samples++;
            }
        }
        return samples;
    }

    private int update(byte[] payload) throws IOException {
        JsonNode root = mapper.readTree(payload);
        String metric = root.get("name").asText();
        Map<String, String> labels = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = root.get("labels").fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getKey().equals("__name__")) {
                labels.put(e.getKey(), e.getValue().asText());
            }
        }
        long timestampMs = Timestamps.parse(root.get("timestamp").asText());
        double value = Double.parseDouble(root.get("value").asText());
        means.computeIfAbsent(SeriesIds.of(metric, labels), k -> new RollingMean()).add(timestampMs, value);
        return 1;
    }

    /** The mean of a series' last {@link #WINDOW} values. */
    private static final class RollingMean {
        private final double[] window = new double[WINDOW];
        private int next;
        private double sum;
        private long lastMs;

        void add(long timestampMs, double value) {
            sum += value - window[next];
            window[next] = value;
            next = (next + 1) % WINDOW;
            lastMs = timestampMs;
        }
    }
}
