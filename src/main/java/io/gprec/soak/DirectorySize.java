package io.gprec.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Predicate;

/** Bytes of the regular files under a directory, tolerating files that RocksDB or a checkpoint deletes meanwhile. */
final class DirectorySize {
    private DirectorySize() {}

    static long of(Path dir) {
        return of(dir, p -> true);
    }

    /** Bytes of the files whose path (relative to dir) matches {@code include}. */
    static long of(Path dir, Predicate<Path> include) {
        if (!Files.isDirectory(dir)) return 0;
        long[] sum = {0};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && include.test(dir.relativize(file))) sum[0] += attrs.size();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    if (e instanceof NoSuchFileException) return FileVisitResult.CONTINUE;
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sum[0];
    }

    /** RocksDB's working files: everything under a directory named {@code db} (Flink's layout: .../job_..._op_.../db/). */
    static long rocksDb(Path localDir) {
        return of(localDir, p -> {
            for (Path part : p) if (part.toString().equals("db")) return true;
            return false;
        });
    }
}
