package io.gprec.model;

/**
 * A mini-batch: for each of n examples, one 64-bit key per input field (row-major n × fields)
 * and a 0/1 label.
 */
public record Batch(int size, int fields, long[] keys, float[] labels) {
    public Batch {
        if (size < 0 || fields <= 0) throw new IllegalArgumentException("bad batch shape " + size + "x" + fields);
        if (keys.length < (long) size * fields) {
            throw new IllegalArgumentException("expected " + size * fields + " keys, found " + keys.length);
        }
        if (labels.length < size) throw new IllegalArgumentException("expected " + size + " labels, found " + labels.length);
    }

    public long key(int example, int field) { return keys[example * fields + field]; }
}
