package io.vigil.detect.store;

import org.apache.flink.core.fs.Path;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * One published version, checked whole when loaded (manifest, compatibility, every file's size and
 * checksum), its seed files read when a series of theirs first asks. A seed is handed out once
 * (the series keeps it in its own state after), so memory holds only the seeds not yet taken of
 * the files read so far.
 */
public final class StoreVersion {
    private final String location;
    private final StoreManifest manifest;
    private final Map<String, StoreManifest.FileEntry> files = new HashMap<>();
    private final Map<Integer, Map<String, Line>> shards = new HashMap<>();

    private record Line(long untilMs, byte[] bytes) {}

    private StoreVersion(String location, StoreManifest manifest) {
        this.location = location;
        this.manifest = manifest;
        for (StoreManifest.FileEntry f : manifest.files()) {
            files.put(f.name(), f);
        }
    }

    /** Loads and checks version {@code name}; a StoreException says what is wrong with it. */
    public static StoreVersion load(String location, String name, StoreExpectation expected) {
        Path dir = ModelStore.versionDir(location, name);
        StoreManifest m;
        try {
            m = SeedCodec.JSON.readValue(ModelStore.readAll(new Path(dir, ModelStore.MANIFEST)), StoreManifest.class);
        } catch (IOException e) {
            throw new StoreException("model store " + location + " version " + name + ": manifest does not read: "
                    + e.getMessage(), e);
        }
        if (m == null || m.version() == null || !m.version().equals(name) || m.files() == null) {
            throw new StoreException("model store " + location + " version " + name + ": manifest names version "
                    + (m == null ? null : m.version()) + " (a copied or damaged manifest)");
        }
        for (StoreManifest.FileEntry f : m.files()) {
            // A name from a damaged (or forged) manifest must stay a file of this version.
            if (f == null || f.name() == null || f.name().isBlank() || f.name().startsWith("/")
                    || f.name().contains("..") || f.sha256() == null) {
                throw new StoreException("model store " + location + " version " + name + ": manifest lists a file "
                        + (f == null ? null : "'" + f.name() + "'") + " without a plain name and checksum "
                        + "(a damaged manifest)");
            }
        }
        expected.check(location, m);
        StoreVersion v = new StoreVersion(location, m);
        for (StoreManifest.FileEntry f : m.files()) {
            v.verified(f);
        }
        return v;
    }

    public StoreManifest manifest() {
        return manifest;
    }

    public String name() {
        return manifest.version();
    }

    /** The bytes of a file the manifest lists ({@link ModelStore.Writer#addFile}), checked; null when it lists none. */
    public byte[] file(String name) {
        StoreManifest.FileEntry f = files.get(name);
        return f == null ? null : verified(f);
    }

    /** The location of the store this version is in. */
    public String location() {
        return location;
    }

    /** A file's bytes, refused unless its size and SHA-256 are the manifest's. */
    private byte[] verified(StoreManifest.FileEntry f) {
        Path p = new Path(ModelStore.versionDir(location, manifest.version()), f.name());
        byte[] b;
        try {
            b = ModelStore.readAll(p);
        } catch (IOException e) {
            throw new StoreException("model store " + location + " version " + name() + ": " + f.name()
                    + " does not read: " + e.getMessage(), e);
        }
        MessageDigest d = ModelStore.sha256();
        String sha = HexFormat.of().formatHex(d.digest(b));
        if (b.length != f.bytes() || !sha.equals(f.sha256())) {
            throw new StoreException("model store " + location + " version " + name() + ": " + f.name() + " is "
                    + b.length + " bytes with SHA-256 " + sha + ", the manifest says " + f.bytes() + " bytes, "
                    + f.sha256() + " (corrupt or partly copied)");
        }
        return b;
    }

    /**
     * The seed line of {@code series} for a point at {@code tsMs} (taken: a second call returns
     * null), or null when the version has none or its history does not end before {@code tsMs}
     * (then it stays: models that learned a point must not score it, or points before it).
     */
    public synchronized byte[] take(String series, long tsMs) {
        int shard = ModelStore.shardOf(series, manifest.shards());
        Map<String, Line> lines = shards.get(shard);
        if (lines == null) {
            lines = read(shard);
            shards.put(shard, lines);
        }
        Line l = lines.get(series);
        if (l == null || tsMs <= l.untilMs()) {
            return null;
        }
        lines.remove(series);
        return l.bytes();
    }

    private Map<String, Line> read(int shard) {
        StoreManifest.FileEntry f = files.get(ModelStore.shardFile(shard));
        Map<String, Line> lines = new HashMap<>();
        if (f == null) {
            return lines;
        }
        byte[] gz = verified(f);
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz));
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                    SeedCodec.Head h = SeedCodec.head(bytes);
                    lines.put(h.series(), new Line(h.untilMs(), bytes));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new StoreException("model store " + location + " version " + name() + ": " + f.name()
                    + " does not read: " + e.getMessage(), e);
        }
        return lines;
    }
}
