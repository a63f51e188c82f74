package io.gprec.data;

import java.nio.file.Path;
import java.util.List;

/** Reads the MovieLens 1M layout (ratings.dat, users.dat, movies.dat) into a {@link Dataset}. */
public final class MovieLens1mReader {

    static final String NAME = "ml-1m";

    private static final String LAYOUT = "MovieLens 1M needs ratings.dat, users.dat and movies.dat";
    private static final String SEPARATOR = "::";

    private MovieLens1mReader() {
    }

    public static Dataset read(Path dir) {
        DataFiles.requireDirectory(dir);
        Path ratings = DataFiles.requireFile(dir, "ratings.dat", LAYOUT);
        IdTable users = readUsers(DataFiles.requireFile(dir, "users.dat", LAYOUT));
        IdTable movies = readMovies(DataFiles.requireFile(dir, "movies.dat", LAYOUT));
        List<Interaction> interactions = RatingsFile.read(ratings, SEPARATOR, users, movies);
        return new Dataset(NAME, MovieLensSchema.SCHEMA, interactions);
    }

    /** users.dat: UserID::Gender::Age::Occupation::Zip-code, with age already an ML-1M bucket code. */
    private static IdTable readUsers(Path file) {
        IdTable users = new IdTable("user");
        TextLines.forEach(file, line -> {
            String[] t = Tokens.split(line, SEPARATOR, 5);
            int id = Tokens.parseInt(t[0], "user id");
            String age = AgeBuckets.requireCode(t[2]);
            // Occupation is a numeric code in ML-1M; normalising it through int keeps "07" and "7" one value.
            String occupation = Integer.toString(Tokens.parseInt(t[3], "occupation code"));
            String[] user = MovieLensSchema.user(id, Tokens.requireNonEmpty(t[1], "gender"), age, occupation,
                    Tokens.requireNonEmpty(t[4], "zip code"));
            users.put(id, user);
        });
        return users;
    }

    /** movies.dat: MovieID::Title::Genres, genres already '|'-joined. */
    private static IdTable readMovies(Path file) {
        IdTable movies = new IdTable("movie");
        TextLines.forEach(file, line -> {
            String[] t = Tokens.split(line, SEPARATOR, 3);
            int id = Tokens.parseInt(t[0], "movie id");
            String[] movie = MovieLensSchema.movie(id, t[2].trim(), ReleaseYears.fromTitle(t[1]));
            movies.put(id, movie);
        });
        return movies;
    }
}
