package io.gprec.stream.event;

import java.util.Arrays;
import java.util.Objects;

/**
 * One validated click: the schema's field values in schema order plus id, label and time.
 *
 * <p>{@code values} is aligned with the {@link io.gprec.data.DatasetSchema} fields of the codec that made
 * the event, so {@code values[indexOf(userIdField)]} equals {@code userId} and likewise for the item.
 * The record itself only checks what it can without a schema (non-null parts, 0/1 label); alignment,
 * value lengths and the time range are checked by {@link ClickEventCodec}.
 *
 * @param eventTimeMillis event time in epoch milliseconds
 */
public record ClickEvent(String eventId, String userId, String itemId, int label, long eventTimeMillis,
                         String[] values) {

    public ClickEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(values, "values");
        if (label != 0 && label != 1) {
            throw new IllegalArgumentException("label must be 0 or 1, got " + label);
        }
        // Copy so a caller reusing a row buffer cannot rewrite events already handed out.
        values = values.clone();
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                throw new NullPointerException("click event value at field index " + i + " is null");
            }
        }
    }

    /** The values in schema order; the internal array, not a copy, so treat it as read-only. */
    @Override
    public String[] values() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClickEvent other
                && label == other.label
                && eventTimeMillis == other.eventTimeMillis
                && eventId.equals(other.eventId)
                && userId.equals(other.userId)
                && itemId.equals(other.itemId)
                && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        int h = eventId.hashCode();
        h = 31 * h + userId.hashCode();
        h = 31 * h + itemId.hashCode();
        h = 31 * h + label;
        h = 31 * h + Long.hashCode(eventTimeMillis);
        return 31 * h + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "ClickEvent[eventId=" + eventId + ", userId=" + userId + ", itemId=" + itemId + ", label=" + label
                + ", eventTimeMillis=" + eventTimeMillis + ", values=" + Arrays.toString(values) + "]";
    }
}
