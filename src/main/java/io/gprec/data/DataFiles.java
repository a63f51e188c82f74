package io.gprec.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** Checks that a dataset directory and its required files exist before any parsing starts. */
final class DataFiles {

    private DataFiles() {
    }

    static Path requireDirectory(Path dir) {
        Objects.requireNonNull(dir, "dir");
        if (!Files.isDirectory(dir)) {
            throw new DatasetException("data directory not found: " + dir);
        }
        return dir;
    }

    /** Resolves {@code name} in {@code dir}; {@code layout} names all files the dataset needs, for the message. */
    static Path requireFile(Path dir, String name, String layout) {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new DatasetException("missing file " + file + ": " + layout);
        }
        return file;
    }
}
