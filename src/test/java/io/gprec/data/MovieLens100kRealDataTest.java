package io.gprec.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Checks the reader against the real MovieLens 100K files, when they are available on this machine. */
class MovieLens100kRealDataTest {

    /** Positives counted independently with {@code awk '$3>=4' u.data | wc -l}. */
    private static final int POSITIVES = 55_375;

    private static Path dataDir() {
        return Path.of(System.getProperty("gprec.ml100k", "../shared/datasets/ml-100k"));
    }

    @Test
    void matchesThePublishedStatistics() {
        Path dir = dataDir();
        Assumptions.assumeTrue(Files.isDirectory(dir), "MovieLens 100K not found at " + dir.toAbsolutePath());

        Dataset data = DatasetReaders.read(dir);

        DatasetSchema schema = data.schema();
        int userId = schema.indexOf("user_id");
        int movieId = schema.indexOf("movie_id");
        int age = schema.indexOf("age");
        int year = schema.indexOf("year");
        Set<String> users = new HashSet<>();
        Set<String> movies = new HashSet<>();
        Set<String> ages = new HashSet<>();
        Set<String> years = new HashSet<>();
        int positives = 0;
        for (Interaction x : data.interactions()) {
            users.add(x.values()[userId]);
            movies.add(x.values()[movieId]);
            ages.add(x.values()[age]);
            years.add(x.values()[year]);
            positives += x.label();
        }
        assertThat(data.name()).isEqualTo("ml-100k");
        assertThat(data.interactions()).hasSize(100_000);
        assertThat(users).hasSize(943);
        assertThat(movies).hasSize(1682);
        assertThat(positives).isEqualTo(POSITIVES);
        assertThat(positives / 100_000.0).isCloseTo(0.554, offset(0.001));
        assertThat(AgeBuckets.CODES).containsAll(ages);
        assertThat(years).contains("1995", "unknown");
        // u.data's first row: user 196 (49, M, writer, 55105) rated Kolya (Comedy, released 24-Jan-1997) with a 3.
        assertThat(data.interactions().get(0).values()).containsExactly(
                "196", "M", "45", "writer", "551", "242", "Comedy", "1997");
        assertThat(data.interactions().get(0).timestamp()).isEqualTo(881250949L);
    }
}
