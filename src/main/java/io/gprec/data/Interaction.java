package io.gprec.data;

import java.util.Arrays;
import java.util.Objects;

/** One labelled user-item event: categorical values aligned with the schema, a 0/1 label and epoch seconds. */
public record Interaction(String[] values, int label, long timestamp) {

    public Interaction {
        Objects.requireNonNull(values, "values");
        // Copy so a caller reusing a row buffer cannot rewrite interactions already handed out.
        values = values.clone();
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                throw new NullPointerException("interaction value at field index " + i + " is null");
            }
        }
        if (label != 0 && label != 1) {
            throw new IllegalArgumentException("label must be 0 or 1, got " + label);
        }
    }

    /** The values in schema order; the internal array, not a copy, so treat it as read-only. */
    @Override
    public String[] values() {
        // No copy here: training loops read values for every example and must stay allocation-free.
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Interaction other
                && label == other.label
                && timestamp == other.timestamp
                && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(values) + label) + Long.hashCode(timestamp);
    }

    @Override
    public String toString() {
        return "Interaction[values=" + Arrays.toString(values) + ", label=" + label + ", timestamp=" + timestamp + "]";
    }
}
