package io.gprec.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Joins a MovieLens ratings file with user and movie profiles into interactions, in file order. */
final class RatingsFile {

    private RatingsFile() {
    }

    /** Reads {@code user<sep>movie<sep>rating<sep>timestamp} lines. */
    static List<Interaction> read(Path file, String separator, Map<Integer, String[]> users, Map<Integer, String[]> movies) {
        List<Interaction> interactions = new ArrayList<>();
        String[] row = new String[MovieLensSchema.SCHEMA.size()];
        TextLines.forEach(file, line -> {
            FieldCursor fields = new FieldCursor(line, separator, 4);
            int userId = fields.nextInt("user id");
            int movieId = fields.nextInt("movie id");
            int rating = fields.nextInt("rating");
            long timestamp = fields.nextLong("timestamp");
            fields.end();
            String[] user = users.get(userId);
            if (user == null) {
                throw new LineFormatException("unknown user id " + userId + " (not in the users file)");
            }
            String[] movie = movies.get(movieId);
            if (movie == null) {
                throw new LineFormatException("unknown movie id " + movieId + " (not in the movies file)");
            }
            // The profile strings are shared by all of a user's/movie's rows; only the row array is per interaction.
            System.arraycopy(user, 0, row, 0, MovieLensSchema.USER_FIELDS);
            System.arraycopy(movie, 0, row, MovieLensSchema.USER_FIELDS, MovieLensSchema.MOVIE_FIELDS);
            interactions.add(new Interaction(row, MovieLensSchema.label(rating), timestamp));
        });
        return interactions;
    }
}
