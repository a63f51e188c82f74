package io.gprec.stream.event;

import java.util.Objects;

/**
 * Why a record was rejected: a stable machine-readable {@code code} (one of the constants below, safe to
 * count or alert on) plus a human-readable {@code message} naming the offending field.
 */
public record Rejection(String code, String message) {

    /** The record bytes do not form a JSON document (syntax error, trailing content, empty, null value). */
    public static final String NOT_JSON = "NOT_JSON";
    /** The record is valid JSON but its root is not an object. */
    public static final String NOT_OBJECT = "NOT_OBJECT";
    /** A required top-level field or a schema feature is absent. */
    public static final String MISSING_FIELD = "MISSING_FIELD";
    /** A field has the wrong JSON type (e.g. a number where a string is required). */
    public static final String WRONG_TYPE = "WRONG_TYPE";
    /** {@code label} is a number other than the integer 0 or 1. */
    public static final String BAD_LABEL = "BAD_LABEL";
    /** A number is NaN/Infinity, negative, fractional where an integer is needed, or out of range. */
    public static final String BAD_NUMBER = "BAD_NUMBER";
    /** The record is larger than the configured maximum; it was not parsed. */
    public static final String OVERSIZED = "OVERSIZED";
    /** The bytes are not valid UTF-8, or a string escapes an unpaired surrogate that has no UTF-8 form. */
    public static final String INVALID_UTF8 = "INVALID_UTF8";
    /** An object repeats a key. */
    public static final String DUPLICATE_KEY = "DUPLICATE_KEY";
    /** A top-level field or feature name not in the format/schema (only when unknown fields are rejected). */
    public static final String UNKNOWN_FIELD = "UNKNOWN_FIELD";
    /** A string value is empty. */
    public static final String EMPTY_VALUE = "EMPTY_VALUE";
    /** A string value is longer than the configured maximum number of chars. */
    public static final String TOO_LONG_VALUE = "TOO_LONG_VALUE";

    public Rejection {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return code + ": " + message;
    }
}
