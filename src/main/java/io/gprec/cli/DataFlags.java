package io.gprec.cli;

import io.gprec.cli.util.Args;
import io.gprec.data.Dataset;
import io.gprec.data.DatasetReaders;

import java.nio.file.Path;

/** --data-dir: where a MovieLens dataset lies; defaults to the shared ML-100K folder next to the project. */
final class DataFlags {
    private DataFlags() {}

    static Path dataDir(Args a) {
        return a.string("--data-dir").map(Path::of).orElseGet(DataFlags::defaultDataDir);
    }

    static Path defaultDataDir() {
        String home = System.getProperty("gprec.home", ".");
        return Path.of(home).resolve("../shared/datasets/ml-100k").normalize();
    }

    /** Reads the dataset; a missing or unreadable one is a DatasetException with a one-line message. */
    static Dataset read(Args a) {
        return DatasetReaders.read(dataDir(a));
    }
}
