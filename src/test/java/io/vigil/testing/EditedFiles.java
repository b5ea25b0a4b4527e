package io.vigil.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/** Files edited while a job runs: content with a chosen modification time (file systems round it). */
public final class EditedFiles {
    private EditedFiles() {}

    public static void write(Path f, String text, long modifiedMs) throws IOException {
        Files.writeString(f, text);
        Files.setLastModifiedTime(f, FileTime.fromMillis(modifiedMs));
    }
}
