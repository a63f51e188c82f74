package io.gprec.data;

/** Splits delimited lines and parses their numbers, reporting problems as {@link LineFormatException}. */
final class Tokens {

    private Tokens() {
    }

    /**
     * Splits {@code line} on the literal {@code separator} into exactly {@code expected} tokens, keeping empty ones.
     * Hand-rolled because String.split compiles a regex per call for multi-char separators like "::".
     */
    static String[] split(String line, String separator, int expected) {
        String[] tokens = new String[expected];
        int count = 0;
        int start = 0;
        while (true) {
            int end = line.indexOf(separator, start);
            String token = end < 0 ? line.substring(start) : line.substring(start, end);
            if (count < expected) {
                tokens[count] = token;
            }
            count++;
            if (end < 0) {
                break;
            }
            start = end + separator.length();
        }
        if (count != expected) {
            throw wrongCount(expected, separator, count);
        }
        return tokens;
    }

    static int count(String line, String separator) {
        int count = 1;
        for (int i = line.indexOf(separator); i >= 0; i = line.indexOf(separator, i + separator.length())) {
            count++;
        }
        return count;
    }

    static LineFormatException wrongCount(int expected, String separator, int found) {
        return new LineFormatException("expected " + expected + " fields separated by '" + printable(separator)
                + "' but found " + found);
    }

    static int parseInt(String token, String what) {
        try {
            return Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw new LineFormatException(what + " '" + token + "' is not an integer");
        }
    }

    static String requireNonEmpty(String token, String what) {
        if (token.isBlank()) {
            throw new LineFormatException(what + " is empty");
        }
        return token;
    }

    private static String printable(String separator) {
        return separator.replace("\t", "\\t");
    }
}
