package io.gprec.data;

/** Signals a dataset that is missing, unreadable or malformed; the message says where and what. */
public final class DatasetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DatasetException(String msg) {
        super(msg);
    }

    public DatasetException(String msg, Throwable cause) {
        super(msg, cause);
    }
}
