package io.gprec.data;

/** Extracts a movie's release year from the ML-100K release date or the ML-1M title. */
final class ReleaseYears {

    private ReleaseYears() {
    }

    /** "01-Jan-1995" -> "1995"; a few ML-100K movies have no release date at all, which gives "unknown". */
    static String fromDate(String date) {
        if (date.isBlank()) {
            return MovieLensSchema.UNKNOWN;
        }
        int dash = date.lastIndexOf('-');
        String year = date.substring(dash + 1);
        if (dash < 0 || !isYear(year)) {
            throw new LineFormatException("release date '" + date + "' is not like 01-Jan-1995");
        }
        return year;
    }

    /** "Toy Story (1995)" -> "1995"; a title without a trailing (yyyy) gives "unknown". */
    static String fromTitle(String title) {
        String s = title.trim();
        int n = s.length();
        if (n >= 6 && s.charAt(n - 1) == ')' && s.charAt(n - 6) == '(') {
            String year = s.substring(n - 5, n - 1);
            if (isYear(year)) {
                return year;
            }
        }
        return MovieLensSchema.UNKNOWN;
    }

    private static boolean isYear(String s) {
        if (s.length() != 4) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
