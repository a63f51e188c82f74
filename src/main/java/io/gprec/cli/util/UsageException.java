package io.gprec.cli.util;

/** A one-line error for the user: main prints "gprec: <message>" to stderr and exits with code 2, no stack trace. */
public final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
