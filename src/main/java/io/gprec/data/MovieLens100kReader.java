package io.gprec.data;

import java.nio.file.Path;
import java.util.List;

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
        IdTable users = readUsers(DataFiles.requireFile(dir, "u.user", LAYOUT));
        IdTable movies = readMovies(DataFiles.requireFile(dir, "u.item", LAYOUT), Ml100kGenres.load(dir));
        List<Interaction> interactions = RatingsFile.read(ratings, "\t", users, movies);
        return new Dataset(NAME, MovieLensSchema.SCHEMA, interactions);
    }

    /** u.user: id|age|gender|occupation|zip; raw ages are bucketed so 100K and 1M share age values. */
    private static IdTable readUsers(Path file) {
        IdTable users = new IdTable("user");
        TextLines.forEach(file, line -> {
            String[] t = Tokens.split(line, "|", 5);
            int id = Tokens.parseInt(t[0], "user id");
            String age = AgeBuckets.bucket(Tokens.parseInt(t[1], "age"));
            String[] user = MovieLensSchema.user(id, Tokens.requireNonEmpty(t[2], "gender"), age,
                    Tokens.requireNonEmpty(t[3], "occupation"), Tokens.requireNonEmpty(t[4], "zip code"));
            users.put(id, user);
        });
        return users;
    }

    /** u.item: only id, release date and genre flags are used; titles would just duplicate movie_id. */
    private static IdTable readMovies(Path file, Ml100kGenres genres) {
        IdTable movies = new IdTable("movie");
        TextLines.forEach(file, line -> {
            String[] t = Tokens.split(line, "|", ITEM_FIELDS);
            int id = Tokens.parseInt(t[0], "movie id");
            String[] movie = MovieLensSchema.movie(id, genres.combination(t, FIRST_GENRE_FLAG),
                    ReleaseYears.fromDate(t[2]));
            movies.put(id, movie);
        });
        return movies;
    }
}
