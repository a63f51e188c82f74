package io.gprec.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests {@link MovieLens1mReader} against a tiny synthetic ML-1M directory. */
class MovieLens1mReaderTest {

    @TempDir
    Path dir;

    @Test
    void parsesEveryFieldInFileOrder() {
        Fixtures.ml1m(dir);
        Dataset data = MovieLens1mReader.read(dir);

        assertThat(data.name()).isEqualTo("ml-1m");
        assertThat(data.schema()).isEqualTo(MovieLensSchema.SCHEMA);
        assertThat(data.interactions()).containsExactly(
                new Interaction(new String[] {"1", "F", "1", "10", "480", "1", "Animation|Children's|Comedy", "1995"},
                        1, 978300760L),
                new Interaction(new String[] {"2", "M", "56", "16", "700", "2", "Adventure|Children's|Fantasy", "1995"},
                        0, 978302109L),
                new Interaction(new String[] {"3", "M", "25", "15", "551", "4", "Comedy", "1993"},
                        1, 978301968L),
                new Interaction(new String[] {"3", "M", "25", "15", "551", "3", "Drama", "unknown"},
                        0, 978300275L));
    }

    @Test
    void schemaHasTheAgreedFieldOrder() {
        assertThat(MovieLensSchema.SCHEMA.fields()).extracting(Field::name).containsExactly(
                "user_id", "gender", "age", "occupation", "zip", "movie_id", "genres", "year");
        assertThat(MovieLensSchema.SCHEMA.indicesOf(FieldRole.PERSONAL)).containsExactly(0);
        assertThat(MovieLensSchema.SCHEMA.indicesOf(FieldRole.USER)).containsExactly(1, 2, 3, 4);
        assertThat(MovieLensSchema.SCHEMA.indicesOf(FieldRole.ITEM)).containsExactly(5, 6, 7);
    }

    @Test
    void malformedRatingNamesFileAndLine() {
        Fixtures.ml1m(dir);
        Fixtures.write(dir, "ratings.dat", "1::1::5::978300760", "2::2::x::978302109");
        assertThatThrownBy(() -> MovieLens1mReader.read(dir))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("ratings.dat line 2")
                .hasMessageContaining("rating 'x' is not an integer");
    }

    @Test
    void wrongFieldCountNamesFileAndLine() {
        Fixtures.ml1m(dir);
        Fixtures.write(dir, "ratings.dat", "1::1::5::978300760", "", "2::2::3");
        assertThatThrownBy(() -> MovieLens1mReader.read(dir))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("ratings.dat line 3")
                .hasMessageContaining("expected 4 fields separated by '::' but found 3");
    }

    @Test
    void unknownUserOrMovieIsReported() {
        Fixtures.ml1m(dir);
        Fixtures.write(dir, "ratings.dat", "9::1::5::978300760");
        assertThatThrownBy(() -> MovieLens1mReader.read(dir))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("ratings.dat line 1")
                .hasMessageContaining("unknown user id 9");
        Fixtures.write(dir, "ratings.dat", "1::1::5::978300760", "1::99::5::978300760");
        assertThatThrownBy(() -> MovieLens1mReader.read(dir))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("ratings.dat line 2")
                .hasMessageContaining("unknown movie id 99");
    }

    @Test
    void ratingOutsideOneToFiveIsReported() {
        Fixtures.ml1m(dir);
        Fixtures.write(dir, "ratings.dat", "1::1::6::978300760");
        assertThatThrownBy(() -> MovieLens1mReader.read(dir))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("rating must be between 1 and 5, got 6");
    }

    @Test
    void ageMustBeAnMl1mCode() {
        Fixtures.ml1m(dir);
        Fixtures.write(dir, "users.dat", "1::F::1::10::48067", "2::M::30::16::70072");
        assertThatThrownBy(() -> MovieLens1mReader.read(dir))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("users.dat line 2")
                .hasMessageContaining("age '30' is not an ML-1M age code");
    }

    @Test
    void duplicateMovieIsReported() {
        Fixtures.ml1m(dir);
        Fixtures.write(dir, "movies.dat", "1::A (1990)::Drama", "1::B (1991)::Drama");
        assertThatThrownBy(() -> MovieLens1mReader.read(dir))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("movies.dat line 2")
                .hasMessageContaining("duplicate movie id 1");
    }

    @Test
    void missingFileIsNamed() {
        Fixtures.ml1m(dir);
        Fixtures.write(dir, "users.dat");
        dir.resolve("movies.dat").toFile().delete();
        assertThatThrownBy(() -> MovieLens1mReader.read(dir))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("missing file " + dir.resolve("movies.dat"))
                .hasMessageContaining("ratings.dat, users.dat and movies.dat");
    }
}
