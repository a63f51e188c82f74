package io.gprec.stream.event;

import java.util.Arrays;
import java.util.Objects;

/**
 * A rejected input record with its reason, for the dead-letter topic.
 *
 * @param source          "topic/partition/offset" of the rejected record
 * @param code            the {@link Rejection} code
 * @param message         the human-readable reason
 * @param original        the record value exactly as received, or null for a record without a value (tombstone)
 * @param timestampMillis the record's Kafka timestamp in epoch milliseconds
 */
public record DeadLetter(String source, String code, String message, byte[] original, long timestampMillis) {

    public DeadLetter {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        // Copy so a caller reusing a read buffer cannot rewrite letters already handed out.
        original = original == null ? null : original.clone();
    }

    /** The original bytes (or null); the internal array, not a copy, so treat it as read-only. */
    @Override
    public byte[] original() {
        return original;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeadLetter other
                && timestampMillis == other.timestampMillis
                && source.equals(other.source)
                && code.equals(other.code)
                && message.equals(other.message)
                && Arrays.equals(original, other.original);
    }

    @Override
    public int hashCode() {
        int h = source.hashCode();
        h = 31 * h + code.hashCode();
        h = 31 * h + message.hashCode();
        h = 31 * h + Arrays.hashCode(original);
        return 31 * h + Long.hashCode(timestampMillis);
    }

    @Override
    public String toString() {
        return "DeadLetter[source=" + source + ", code=" + code + ", message=" + message + ", original="
                + Arrays.toString(original) + ", timestampMillis=" + timestampMillis + "]";
    }
}
