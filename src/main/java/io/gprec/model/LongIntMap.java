package io.gprec.model;

import java.util.Arrays;

/** Open-addressing map from long keys to non-negative ints, without boxing (a lookup per field per event). */
final class LongIntMap {
    private static final int EMPTY = -1;
    private long[] keys;
    private int[] values;
    private int size;

    LongIntMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[cap];
        values = new int[cap];
        Arrays.fill(values, EMPTY);
    }

    int size() { return size; }

    /** The value for key, or -1. */
    int get(long key) {
        int mask = keys.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            if (values[i] == EMPTY) return -1;
            if (keys[i] == key) return values[i];
        }
    }

    void put(long key, int value) {
        if (value < 0) throw new IllegalArgumentException("values must be >= 0");
        if ((size + 1) * 2 > keys.length) grow();
        int mask = keys.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            if (values[i] == EMPTY) {
                keys[i] = key;
                values[i] = value;
                size++;
                return;
            }
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
        }
    }

    /** Removes key if present (backward-shift deletion: no tombstones, lookups stay short). */
    boolean remove(long key) {
        int mask = keys.length - 1;
        int i = mix(key) & mask;
        while (true) {
            if (values[i] == EMPTY) return false;
            if (keys[i] == key) break;
            i = (i + 1) & mask;
        }
        size--;
        int hole = i;
        for (int j = (hole + 1) & mask; values[j] != EMPTY; j = (j + 1) & mask) {
            int home = mix(keys[j]) & mask;
            // move j into the hole unless its home lies cyclically in (hole, j]
            boolean stays = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!stays) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        values[hole] = EMPTY;
        return true;
    }

    /** Visits every entry (order unspecified). */
    void forEach(java.util.function.LongConsumer keyConsumer) {
        for (int i = 0; i < keys.length; i++) if (values[i] != EMPTY) keyConsumer.accept(keys[i]);
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldValues.length * 2];
        Arrays.fill(values, EMPTY);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) if (oldValues[i] != EMPTY) put(oldKeys[i], oldValues[i]);
    }

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
