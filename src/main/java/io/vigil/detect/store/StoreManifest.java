package io.vigil.detect.store;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one published version holds ({@code manifest.json}): what was trained, when, from which
 * data, with which settings, how well, and the files with their checksums.
 *
 * @param format the store's layout version ({@link ModelStore#FORMAT}); a reader refuses others
 * @param version this version's name (sortable: creation time, then a content hash)
 * @param createdMs when it was written (wall clock)
 * @param source where the history came from (a file, or a Prometheus URL and its queries)
 * @param historyFromMs first sample of the history
 * @param historyToMs last sample of the history
 * @param stepMs the grid step the models were trained on
 * @param settings what shapes the models' state ({@code features}, {@code detect.<kind>}): a job
 *     whose settings differ is refused the version, naming the key
 * @param detectors each detector kind's name → the state it was saved as (its state name)
 * @param series series with a seed
 * @param quality figures a reader may judge the version by (points learned, warm detectors,
 *     anomalous points in the history's last day, training seconds)
 * @param files each seed file → its SHA-256 and size, checked before a version is used
 */
public record StoreManifest(int format, String version, long createdMs, String source, long historyFromMs,
        long historyToMs, long stepMs, Map<String, String> settings, Map<String, String> detectors, long series,
        int shards, Map<String, Double> quality, List<FileEntry> files) {

    public StoreManifest {
        // Sorted, so manifests read the same every time.
        settings = Collections.unmodifiableMap(new TreeMap<>(settings));
        detectors = Collections.unmodifiableMap(new TreeMap<>(detectors));
        quality = Collections.unmodifiableMap(new TreeMap<>(quality));
        files = List.copyOf(files);
    }

    /** One file of the version. */
    public record FileEntry(String name, String sha256, long bytes) {}
}
