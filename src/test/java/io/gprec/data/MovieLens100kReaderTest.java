package io.gprec.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests {@link MovieLens100kReader} against a tiny synthetic ML-100K directory. */
class MovieLens100kReaderTest {

    @TempDir
    Path dir;

    @Test
    void parsesEveryFieldInFileOrder() {
        Fixtures.ml100k(dir);
        Dataset data = MovieLens100kReader.read(dir);

        assertThat(data.name()).isEqualTo("ml-100k");
        assertThat(data.schema()).isEqualTo(MovieLensSchema.SCHEMA);
        assertThat(data.interactions()).containsExactly(
                new Interaction(new String[] {"1", "M", "18", "technician", "857", "1", "Animation|Children's|Comedy", "1995"},
                        1, 874965758L),
                new Interaction(new String[] {"2", "F", "1", "student", "T8H", "2", "unknown", "unknown"},
                        0, 876893171L),
                new Interaction(new String[] {"3", "M", "56", "retired", "12", "3", "Drama", "1995"},
                        1, 878542960L),
                new Interaction(new String[] {"1", "M", "18", "technician", "857", "3", "Drama", "1995"},
                        0, 876893119L));
    }

    @Test
    void genreNamesComeFromUGenreWhenPresent() {
        Fixtures.ml100k(dir);
        String[] genres = new String[Ml100kGenres.COUNT + 1];
        for (int i = 0; i < Ml100kGenres.COUNT; i++) {
            genres[i] = "g" + i + "|" + i;
        }
        genres[Ml100kGenres.COUNT] = "";
        Fixtures.write(dir, "u.genre", genres);

        Dataset data = MovieLens100kReader.read(dir);

        assertThat(data.interactions().get(0).values()[6]).isEqualTo("g3|g4|g5");
    }

    @Test
    void incompleteUGenreIsReported() {
        Fixtures.ml100k(dir);
        Fixtures.write(dir, "u.genre", "unknown|0", "Action|1");
        assertThatThrownBy(() -> MovieLens100kReader.read(dir))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("u.genre names no genre for flag indices [2, 3");
    }

    @Test
    void malformedRatingNamesFileAndLine() {
        Fixtures.ml100k(dir);
        Fixtures.write(dir, "u.data", "1\t1\t5\t874965758", "1\t1\t5\tnoon", "1 2 3 4");
        assertThatThrownBy(() -> MovieLens100kReader.read(dir))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("u.data line 2")
                .hasMessageContaining("timestamp 'noon' is not an integer")
                .hasMessageContaining("line was: '1\t1\t5\tnoon'");
    }

    @Test
    void unknownMovieIsReported() {
        Fixtures.ml100k(dir);
        Fixtures.write(dir, "u.data", "1\t1\t5\t874965758", "1\t1\t5\t874965758", "2\t1682\t3\t874965758");
        assertThatThrownBy(() -> MovieLens100kReader.read(dir))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("u.data line 3")
                .hasMessageContaining("unknown movie id 1682");
    }

    @Test
    void malformedUserNamesFileAndLine() {
        Fixtures.ml100k(dir);
        Fixtures.write(dir, "u.user", "1|24|M|technician|85711", "2|young|F|student|T8H1N");
        assertThatThrownBy(() -> MovieLens100kReader.read(dir))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("u.user line 2")
                .hasMessageContaining("age 'young' is not an integer");
    }

    @Test
    void badGenreFlagAndReleaseDateAreReported() {
        Fixtures.ml100k(dir);
        Fixtures.write(dir, "u.item", Fixtures.item100k(1, "A", "01-Jan-1995", 1).replace("|1|", "|2|"));
        assertThatThrownBy(() -> MovieLens100kReader.read(dir))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("u.item line 1")
                .hasMessageContaining("genre flag for 'Action' must be 0 or 1, got '2'");
        Fixtures.write(dir, "u.item", Fixtures.item100k(1, "A", "sometime", 1));
        assertThatThrownBy(() -> MovieLens100kReader.read(dir))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("release date 'sometime' is not like 01-Jan-1995");
    }

    @Test
    void missingFileIsNamed() {
        Fixtures.ml100k(dir);
        dir.resolve("u.user").toFile().delete();
        assertThatThrownBy(() -> MovieLens100kReader.read(dir))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("missing file " + dir.resolve("u.user"))
                .hasMessageContaining("u.data, u.user and u.item");
    }
}
