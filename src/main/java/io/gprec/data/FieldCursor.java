package io.gprec.data;

/** Walks the separator-delimited fields of one line and parses numbers in place. */
// Ratings files are the hot path (1M lines for ML-1M): parsing without substrings keeps garbage down.
final class FieldCursor {

    private final String line;
    private final String separator;
    private final int expected;
    private int position;
    private int fieldsRead;

    FieldCursor(String line, String separator, int expected) {
        this.line = line;
        this.separator = separator;
        this.expected = expected;
    }

    int nextInt(String what) {
        int end = endOfField();
        try {
            return Integer.parseInt(line, position, end, 10);
        } catch (NumberFormatException e) {
            throw new LineFormatException(what + " '" + line.substring(position, end) + "' is not an integer");
        } finally {
            advance(end);
        }
    }

    long nextLong(String what) {
        int end = endOfField();
        try {
            return Long.parseLong(line, position, end, 10);
        } catch (NumberFormatException e) {
            throw new LineFormatException(what + " '" + line.substring(position, end) + "' is not an integer");
        } finally {
            advance(end);
        }
    }

    /** Confirms the line held exactly the expected number of fields. */
    void end() {
        if (position <= line.length()) {
            throw wrongCount();
        }
    }

    private int endOfField() {
        if (position > line.length()) {
            throw wrongCount();
        }
        int end = line.indexOf(separator, position);
        // Only the last expected field may run to the end of the line.
        if ((end < 0) != (fieldsRead == expected - 1)) {
            throw wrongCount();
        }
        return end < 0 ? line.length() : end;
    }

    private void advance(int end) {
        fieldsRead++;
        // Past the line's end once the last field is consumed; end() relies on that.
        position = end == line.length() ? end + 1 : end + separator.length();
    }

    private LineFormatException wrongCount() {
        return Tokens.wrongCount(expected, separator, Tokens.count(line, separator));
    }
}
