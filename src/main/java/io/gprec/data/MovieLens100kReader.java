package io.gprec.data;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the MovieLens 100K layout (u.data, u.user, u.item) into a {@link Dataset}. */
public final class MovieLens100kReader {

    static final String NAME = "ml-100k";

    private static final String LAYOUT = "MovieLens 100K needs u.data, u.user and u.item";
    /** u.item: id|title|release date|video release date|IMDb URL|19 genre flags. */
    private static final int ITEM_FIELDS = 5 + Ml100kGenres.COUNT;
    private static final int FIRST_GENRE_FLAG = 5;

    private MovieLens100kReader() {
    }

    public static Dataset read(Path dir) {
        DataFiles.requireDirectory(dir);
        Path ratings = DataFiles.requireFile(dir, "u.data", LAYOUT);
        Map<Integer, String[]> users = readUsers(DataFiles.requireFile(dir, "u.user", LAYOUT));
        Map<Integer, String[]> movies = readMovies(DataFiles.requireFile(dir, "u.item", LAYOUT), Ml100kGenres.load(dir));
        List<Interaction> interactions = RatingsFile.read(ratings, "\t", users, movies);
        return new Dataset(NAME, MovieLensSchema.SCHEMA, interactions);
    }

    /** u.user: id|age|gender|occupation|zip; raw ages are bucketed so 100K and 1M share age values. */
    private static Map<Integer, String[]> readUsers(Path file) {
        Map<Integer, String[]> users = new HashMap<>();
        TextLines.forEach(file, line -> {
            String[] t = Tokens.split(line, "|", 5);
            int id = Tokens.parseInt(t[0], "user id");
            String age = AgeBuckets.bucket(Tokens.parseInt(t[1], "age"));
            String[] user = MovieLensSchema.user(id, Tokens.requireNonEmpty(t[2], "gender"), age,
                    Tokens.requireNonEmpty(t[3], "occupation"), Tokens.requireNonEmpty(t[4], "zip code"));
            if (users.putIfAbsent(id, user) != null) {
                throw new LineFormatException("duplicate user id " + id);
            }
        });
        return users;
    }

    /** u.item: only id, release date and genre flags are used; titles would just duplicate movie_id. */
    private static Map<Integer, String[]> readMovies(Path file, Ml100kGenres genres) {
        Map<Integer, String[]> movies = new HashMap<>();
        TextLines.forEach(file, line -> {
            String[] t = Tokens.split(line, "|", ITEM_FIELDS);
            int id = Tokens.parseInt(t[0], "movie id");
            String[] movie = MovieLensSchema.movie(id, genres.combination(t, FIRST_GENRE_FLAG),
                    ReleaseYears.fromDate(t[2]));
            if (movies.putIfAbsent(id, movie) != null) {
                throw new LineFormatException("duplicate movie id " + id);
            }
        });
        return movies;
    }
}
