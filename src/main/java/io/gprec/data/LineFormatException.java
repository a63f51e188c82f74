package io.gprec.data;

/** A problem with a single line, before {@link TextLines} attaches the file name and line number. */
final class LineFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    LineFormatException(String problem) {
        // No stack trace: this is always caught and rethrown as a DatasetException a few frames up.
        super(problem, null, false, false);
    }
}
