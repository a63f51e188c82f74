package io.gprec.data;

import java.util.List;

/** The schema both MovieLens readers produce, plus the conventions that keep their values comparable. */
final class MovieLensSchema {

    static final DatasetSchema SCHEMA = new DatasetSchema(List.of(
            new Field("user_id", FieldRole.PERSONAL),
            new Field("gender", FieldRole.USER),
            new Field("age", FieldRole.USER),
            new Field("occupation", FieldRole.USER),
            new Field("zip", FieldRole.USER),
            new Field("movie_id", FieldRole.ITEM),
            new Field("genres", FieldRole.ITEM),
            new Field("year", FieldRole.ITEM)));

    /** Number of leading user fields; the remaining fields describe the movie. */
    static final int USER_FIELDS = 5;
    static final int MOVIE_FIELDS = 3;
    static final String UNKNOWN = "unknown";

    private static final int ZIP_PREFIX = 3;

    private MovieLensSchema() {
    }

    /** Ratings of 4 and 5 count as positive feedback, the usual CTR framing of MovieLens. */
    static int label(int rating) {
        if (rating < 1 || rating > 5) {
            throw new LineFormatException("rating must be between 1 and 5, got " + rating);
        }
        return rating >= 4 ? 1 : 0;
    }

    /** The 3-digit prefix is a regional area, coarse enough to be shared by many users. */
    static String zipPrefix(String zip) {
        return zip.length() <= ZIP_PREFIX ? zip : zip.substring(0, ZIP_PREFIX);
    }

    static String[] user(int id, String gender, String ageCode, String occupation, String zip) {
        return new String[] {Integer.toString(id), gender, ageCode, occupation, zipPrefix(zip)};
    }

    static String[] movie(int id, String genres, String year) {
        return new String[] {Integer.toString(id), genres.isEmpty() ? UNKNOWN : genres, year};
    }
}
