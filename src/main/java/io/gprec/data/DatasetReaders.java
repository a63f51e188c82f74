package io.gprec.data;

import java.nio.file.Files;
import java.nio.file.Path;

/** Picks the MovieLens reader that matches the files found in a data directory. */
public final class DatasetReaders {

    private DatasetReaders() {
    }

    public static Dataset read(Path dir) {
        DataFiles.requireDirectory(dir);
        if (Files.isRegularFile(dir.resolve("u.data"))) {
            return MovieLens100kReader.read(dir);
        }
        if (Files.isRegularFile(dir.resolve("ratings.dat"))) {
            return MovieLens1mReader.read(dir);
        }
        throw new DatasetException("no MovieLens dataset in " + dir
                + ": expected u.data (MovieLens 100K) or ratings.dat (MovieLens 1M)");
    }

    /** The schema of both MovieLens layouts (the streaming job's default). */
    public static DatasetSchema movieLensSchema() {
        return MovieLensSchema.SCHEMA;
    }
}
