package io.vigil.model;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * A value a running job reads from a file and reads again when the file changes (a ConfigMap
 * update on Kubernetes, an edit on a VM): looked at no more than every {@code checkEveryMs} of wall
 * clock; content that no longer reads is logged and the last good value kept, so a typo never
 * stops the job. Not thread-safe: one per operator instance.
 */
public final class ReloadedFile<T> {
    /** How often a running job looks at its files by default. */
    public static final long CHECK_EVERY_MS = 30_000;
    private static final Logger LOG = LoggerFactory.getLogger(ReloadedFile.class);

    private final String what;
    private final Path file;
    private final Function<Path, T> reader;
    private final long checkEveryMs;
    private final WallClock clock;
    private T value;
    private long lastModified;
    private long nextCheck;

    /**
     * @param what what the file holds, for the log ("service graph")
     * @param file the file, or null when there is none (the value never changes)
     * @param initial the value as read at start
     * @param reader reads the file; an IllegalArgumentException means bad content
     */
    public ReloadedFile(String what, Path file, T initial, Function<Path, T> reader, long checkEveryMs,
            WallClock clock) {
        this.what = what;
        this.file = file;
        this.reader = reader;
        this.checkEveryMs = checkEveryMs;
        this.clock = clock;
        this.value = initial;
        this.lastModified = modified();
        this.nextCheck = clock.millis() + checkEveryMs;
    }

    public T current() {
        long now = clock.millis();
        if (file != null && now >= nextCheck) {
            nextCheck = now + checkEveryMs;
            long m = modified();
            if (m != lastModified) {
                lastModified = m;
                try {
                    value = reader.apply(file);
                    LOG.info("{} reloaded from [file={}]", what, file);
                } catch (IllegalArgumentException e) {
                    LOG.warn("{} [file={}] not reloaded, keeping the last good one: {}", what, file, e.getMessage());
                }
            }
        }
        return value;
    }

    private long modified() {
        try {
            return file == null ? 0 : Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
