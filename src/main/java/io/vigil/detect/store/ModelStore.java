package io.vigil.detect.store;

import com.fasterxml.jackson.databind.SerializationFeature;

import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.GZIPOutputStream;

/**
 * The model store's layout, on any file system Flink has (a local directory, {@code s3://...}):
 * <pre>
 *   CURRENT                               the published version's name, one line
 *   versions/&lt;version&gt;/manifest.json     what it holds ({@link StoreManifest})
 *   versions/&lt;version&gt;/seeds-NNN.jsonl.gz one series per line ({@link SeedCodec}), by hash of the series id
 * </pre>
 * A version is written in full, its manifest last, before {@code CURRENT} names it, and is never
 * changed after: a reader that follows {@code CURRENT} never sees half a model, and a reader that
 * cannot read {@code CURRENT} (being replaced on a store without atomic rename) keeps what it has.
 */
public final class ModelStore {
    /** Layout version; a reader refuses a manifest of another. */
    public static final int FORMAT = 1;
    public static final String CURRENT = "CURRENT";
    static final String VERSIONS = "versions";
    static final String MANIFEST = "manifest.json";
    private static final DateTimeFormatter NAME_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private ModelStore() {}

    /** A writer of a new version of the store at {@code location}, seeds spread over {@code shards} files. */
    public static Writer create(String location, int shards, long nowMs) throws IOException {
        if (shards < 1 || shards > 4096) {
            throw new IllegalArgumentException("shards must be in [1, 4096], got " + shards);
        }
        String name = NAME_TIME.format(Instant.ofEpochMilli(nowMs)) + "-"
                + String.format(Locale.ROOT, "%06x", ThreadLocalRandom.current().nextInt(1 << 24));
        return new Writer(location, name, shards);
    }

    /** The shard a series' seed is in. */
    static int shardOf(String series, int shards) {
        return Math.floorMod(series.hashCode(), shards);
    }

    static String shardFile(int shard) {
        return String.format(Locale.ROOT, "seeds-%03d.jsonl.gz", shard);
    }

    static Path versionDir(String location, String version) {
        return new Path(new Path(location, VERSIONS), version);
    }

    /** Whether {@code location} is a model store (it holds {@code CURRENT} or a {@code versions} folder). */
    public static boolean isStore(String location) {
        try {
            Path root = new Path(location);
            FileSystem fs = root.getFileSystem();
            return fs.exists(new Path(root, CURRENT)) || fs.exists(new Path(root, VERSIONS));
        } catch (IOException e) {
            return false;
        }
    }

    /** The name {@code CURRENT} gives, or null when the store has none yet (nothing published). */
    public static String currentName(String location) throws IOException {
        Path p = new Path(location, CURRENT);
        FileSystem fs = p.getFileSystem();
        try (FSDataInputStream in = fs.open(p);
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line = r.readLine();
            if (line == null || line.isBlank()) {
                throw new IOException(p + " is empty");
            }
            return line.trim();
        } catch (FileNotFoundException e) {
            return null;
        } catch (IOException e) {
            if (!fs.exists(p)) {
                return null;
            }
            throw e;
        }
    }

    /** The version {@code CURRENT} names, checked whole against {@code expected}; null when nothing is published. */
    public static StoreVersion loadCurrent(String location, StoreExpectation expected) {
        String name;
        try {
            name = currentName(location);
        } catch (IOException e) {
            throw new StoreException("model store " + location + ": cannot read " + CURRENT + ": " + e.getMessage(), e);
        }
        return name == null ? null : StoreVersion.load(location, name, expected);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes one version: seeds first, the manifest after them, then {@code CURRENT}. */
    public static final class Writer implements AutoCloseable {
        private final String location;
        private final String version;
        private final int shards;
        private final FSDataOutputStream[] raw;
        private final DigestOutputStream[] digests;
        private final GZIPOutputStream[] out;
        private long series;
        private boolean published;
        private final List<StoreManifest.FileEntry> extra = new ArrayList<>();

        private Writer(String location, String version, int shards) {
            this.location = location;
            this.version = version;
            this.shards = shards;
            this.raw = new FSDataOutputStream[shards];
            this.digests = new DigestOutputStream[shards];
            this.out = new GZIPOutputStream[shards];
        }

        public String version() {
            return version;
        }

        public int shards() {
            return shards;
        }

        /** Adds one series' seed line (from {@link SeedCodec#encode}). */
        public synchronized void add(String seriesId, byte[] line) throws IOException {
            int s = shardOf(seriesId, shards);
            if (out[s] == null) {
                Path p = new Path(versionDir(location, version), shardFile(s));
                raw[s] = p.getFileSystem().create(p, FileSystem.WriteMode.NO_OVERWRITE);
                digests[s] = new DigestOutputStream(raw[s], sha256());
                out[s] = new GZIPOutputStream(digests[s], 1 << 16);
            }
            out[s].write(line);
            out[s].write('\n');
            series++;
        }

        /**
         * Adds one whole file beside the seeds ({@code name} may hold a folder, as {@code forests/models.json});
         * the manifest lists it with its checksum like every seed file.
         */
        public synchronized void addFile(String name, byte[] bytes) throws IOException {
            Path p = new Path(versionDir(location, version), name);
            try (FSDataOutputStream o = p.getFileSystem().create(p, FileSystem.WriteMode.NO_OVERWRITE)) {
                o.write(bytes);
            }
            extra.add(new StoreManifest.FileEntry(name, HexFormat.of().formatHex(sha256().digest(bytes)), bytes.length));
        }

        public synchronized long series() {
            return series;
        }

        /**
         * Closes the seed files, writes the manifest (with the files' checksums) and points
         * {@code CURRENT} at this version. {@code draft}'s version, format, series, shards and
         * files are replaced by the writer's.
         */
        public synchronized StoreManifest publish(StoreManifest draft) throws IOException {
            List<StoreManifest.FileEntry> files = new ArrayList<>();
            for (int s = 0; s < shards; s++) {
                if (out[s] == null) {
                    continue;
                }
                out[s].finish();
                digests[s].flush();
                long bytes = raw[s].getPos();
                String sha = HexFormat.of().formatHex(digests[s].getMessageDigest().digest());
                out[s].close();
                files.add(new StoreManifest.FileEntry(shardFile(s), sha, bytes));
                out[s] = null;
            }
            files.addAll(extra);
            StoreManifest m = new StoreManifest(FORMAT, version, draft.createdMs(), draft.source(),
                    draft.historyFromMs(), draft.historyToMs(), draft.stepMs(), draft.settings(), draft.detectors(),
                    series, shards, draft.quality(), files);
            Path dir = versionDir(location, version);
            FileSystem fs = dir.getFileSystem();
            try (FSDataOutputStream o = fs.create(new Path(dir, MANIFEST), FileSystem.WriteMode.NO_OVERWRITE)) {
                o.write(SeedCodec.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(m));
            }
            Path current = new Path(location, CURRENT);
            Path tmp = new Path(location, CURRENT + ".tmp-" + version);
            try (FSDataOutputStream o = fs.create(tmp, FileSystem.WriteMode.OVERWRITE)) {
                o.write((version + "\n").getBytes(StandardCharsets.UTF_8));
            }
            if (!fs.isDistributedFS() && "file".equals(fs.getUri().getScheme())) {
                // A local rename replaces in one step: a reader sees the old name or the new one.
                java.nio.file.Files.move(java.nio.file.Path.of(tmp.toUri().getPath()),
                        java.nio.file.Path.of(current.toUri().getPath()),
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } else if (!fs.rename(tmp, current)) {
                // Stores whose rename does not replace (object stores): replace by hand. A reader
                // that finds no CURRENT meanwhile keeps the version it has.
                fs.delete(current, false);
                if (!fs.rename(tmp, current)) {
                    throw new IOException("cannot publish " + version + ": rename of " + tmp + " to " + current + " failed");
                }
            }
            published = true;
            return m;
        }

        /** Closes what is open; an unpublished version's files stay behind, unreferenced. */
        @Override
        public synchronized void close() throws IOException {
            if (published) {
                return;
            }
            for (GZIPOutputStream o : out) {
                if (o != null) {
                    o.close();
                }
            }
        }
    }

    /** Reads a whole file of a version (manifest, seeds). */
    static byte[] readAll(Path p) throws IOException {
        try (InputStream in = p.getFileSystem().open(p)) {
            return in.readAllBytes();
        } catch (FileNotFoundException e) {
            throw new IOException("missing " + p, e);
        }
    }
}
