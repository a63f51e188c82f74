package io.gprec.cli;

import io.gprec.cli.util.Args;
import io.gprec.cli.util.UsageException;
import io.gprec.data.Dataset;
import io.gprec.data.DatasetReaders;
import io.gprec.synth.SyntheticDatasets;
import io.gprec.synth.SyntheticSpec;

import java.nio.file.Files;
import java.nio.file.Path;

/** --data-dir: where a MovieLens dataset lies; defaults to the shared ML-100K folder next to the project. */
final class DataFlags {
    /** Events of the synthetic stream the local run falls back on. */
    static final long SYNTHETIC_EVENTS = 100_000;

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

    /**
     * As {@link #read}, but a synthetic stream ({@link SyntheticSpec#defaults()} with
     * {@code --synthetic-events} events) when {@code --synthetic} is given, or when no {@code --data-dir}
     * is given and the default folder is missing (said in one line on stderr). A {@code --data-dir} that
     * does not exist stays an error.
     */
    static Dataset readOrSynthetic(Args a) {
        boolean forced = a.flag("--synthetic");
        if (forced && a.string("--data-dir").isPresent()) {
            throw new UsageException("--synthetic and --data-dir exclude each other");
        }
        long events = a.longValue("--synthetic-events", SYNTHETIC_EVENTS);
        if (events < 1 || events > SyntheticDatasets.MAX_IN_MEMORY_EVENTS) {
            throw new UsageException("--synthetic-events expects a count in [1, " + SyntheticDatasets.MAX_IN_MEMORY_EVENTS
                    + "], got " + events);
        }
        if (!forced && (a.string("--data-dir").isPresent() || Files.isDirectory(defaultDataDir()))) {
            return read(a);
        }
        SyntheticSpec spec = SyntheticSpec.defaults().withEvents(events);
        if (!forced) {
            System.err.printf("gprec: no dataset at %s; using a synthetic stream instead (%,d users in %d planted groups, "
                    + "%,d events; 'gprec generate --help')%n", defaultDataDir(), spec.users(), spec.groups(), events);
        }
        return SyntheticDatasets.generate(spec);
    }
}
