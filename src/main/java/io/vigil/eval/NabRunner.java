package io.vigil.eval;

import io.vigil.config.VigilConfig;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs the detector chain over every file of a NAB-layout directory ({@code DIR/<category>/<file>.csv})
 * and writes {@code OUT/vigil/<category>/vigil_<file>.csv} ({@code timestamp,value,anomaly_score,alert}).
 * Files are independent series, so they run on all cores; each file's rows run in order.
 */
public final class NabRunner {
    /** The detector name in NAB's results layout. */
    public static final String DETECTOR = "vigil";

    private NabRunner() {}

    /** The {@code .csv} files under {@code dataDir}, one directory level deep, sorted by name. */
    public static List<Path> dataFiles(Path dataDir) throws IOException {
        if (!Files.isDirectory(dataDir)) {
            throw new IllegalArgumentException("--data " + dataDir + " is not a directory");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dataDir, 2)) {
            files = walk.filter(p -> p.getNameCount() - dataDir.getNameCount() == 2)
                    .filter(p -> p.toString().endsWith(".csv") && Files.isRegularFile(p)).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("--data " + dataDir + " holds no <category>/<file>.csv files");
        }
        return files;
    }

    /**
     * Evaluates every file; results come back in file-name order.
     *
     * @param progress receives one line per finished file
     */
    public static List<SeriesEvaluation> run(Path dataDir, Path outDir, VigilConfig config, int threads,
            Consumer<String> progress) throws IOException, InterruptedException {
        return run(dataDir, outDir, config, threads, false, progress);
    }

    /**
     * As {@link #run(Path, Path, VigilConfig, int, Consumer)}; {@code pointScores}: the anomaly_score
     * column holds each row's own score instead of its onset score (to measure what the onset buys).
     */
    public static List<SeriesEvaluation> run(Path dataDir, Path outDir, VigilConfig config, int threads,
            boolean pointScores, Consumer<String> progress) throws IOException, InterruptedException {
        List<Path> files = dataFiles(dataDir);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        AtomicInteger done = new AtomicInteger();
        AtomicLong rows = new AtomicLong();
        long started = System.nanoTime();
        try {
            List<Future<SeriesEvaluation>> futures = new ArrayList<>();
            for (Path f : files) {
                futures.add(pool.submit(() -> {
                    SeriesEvaluation run = evaluate(dataDir, f, config);
                    SeriesEvaluation e = pointScores ? run.withPointScores() : run;
                    write(outDir, e);
                    long total = rows.addAndGet(e.rows());
                    double secs = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
                    progress.accept(String.format("  [%d/%d] %s: %,d rows, step %s (%,.0f rows/s overall)",
                            done.incrementAndGet(), files.size(), e.name(), e.rows(), e.step(), total / secs));
                    return e;
                }));
            }
            List<SeriesEvaluation> out = new ArrayList<>();
            for (Future<SeriesEvaluation> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One file through the chain, at the file's own step. */
    public static SeriesEvaluation evaluate(Path dataDir, Path file, VigilConfig config) throws IOException {
        NabSeries s = NabSeries.read(dataDir, file);
        Duration step = StepInference.infer(s.timestampsMs(), config.features().step());
        VigilConfig fileConfig = config.withFeatures(config.features().withStep(step));
        return SeriesEvaluation.run(s, step, new SeriesChain(fileConfig, s.name(), Map.of()));
    }

    static Path resultFile(Path outDir, String name) {
        int slash = name.lastIndexOf('/');
        String category = slash < 0 ? "" : name.substring(0, slash);
        return outDir.resolve(DETECTOR).resolve(category).resolve(DETECTOR + "_" + name.substring(slash + 1));
    }

    static void write(Path outDir, SeriesEvaluation e) {
        Path file = resultFile(outDir, e.name());
        try {
            Files.createDirectories(file.getParent());
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                w.write("timestamp,value,anomaly_score,alert\n");
                for (int i = 0; i < e.rows(); i++) {
                    w.write(e.timestamps()[i]);
                    w.write(',');
                    w.write(Double.toString(e.values()[i]));
                    w.write(',');
                    w.write(Double.toString(e.scores()[i]));
                    w.write(e.alert()[i] ? ",1\n" : ",0\n");
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
    }
}
