package io.gprec.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Joins a MovieLens ratings file with user and movie profiles into interactions, in file order. */
final class RatingsFile {

    private RatingsFile() {
    }

    /** Reads {@code user<sep>movie<sep>rating<sep>timestamp} lines. */
    static List<Interaction> read(Path file, String separator, IdTable users, IdTable movies) {
        List<Interaction> interactions = new ArrayList<>(expectedLines(file));
        String[] row = new String[MovieLensSchema.SCHEMA.size()];
        TextLines.forEach(file, line -> {
            FieldCursor fields = new FieldCursor(line, separator, 4);
            int userId = fields.nextInt("user id");
            int movieId = fields.nextInt("movie id");
            int rating = fields.nextInt("rating");
            long timestamp = fields.nextLong("timestamp");
            fields.end();
            String[] user = users.require(userId);
            String[] movie = movies.require(movieId);
            // Reusing one row buffer is safe because Interaction copies it; profile strings are shared across rows.
            System.arraycopy(user, 0, row, 0, MovieLensSchema.USER_FIELDS);
            System.arraycopy(movie, 0, row, MovieLensSchema.USER_FIELDS, MovieLensSchema.MOVIE_FIELDS);
            interactions.add(new Interaction(row, MovieLensSchema.label(rating), timestamp));
        });
        return interactions;
    }

    /** Sizes the list up front: growing an ArrayList to 1M elements would copy it dozens of times. */
    private static int expectedLines(Path file) {
        try {
            // Rating lines are 16-25 bytes; overestimating by a little is cheaper than regrowing.
            return (int) Math.min(Files.size(file) / 16 + 16, 50_000_000L);
        } catch (IOException e) {
            return 16;
        }
    }
}
