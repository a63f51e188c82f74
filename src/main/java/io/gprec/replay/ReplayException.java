package io.gprec.replay;

import java.io.Serial;

/** A replay that did not get every record into Kafka. */
public final class ReplayException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    public ReplayException(String message, Throwable cause) {
        super(message, cause);
    }
}
