package io.gprec.data;

import java.util.Objects;

/** Maps a categorical value of a given field to a stable 64-bit key for embedding lookup. */
public final class FeatureKeys {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private FeatureKeys() {
    }

    /**
     * FNV-1a 64 over the field index and the UTF-16 chars of the value, then a murmur3 finaliser.
     * String.hashCode is avoided because keys may be persisted in checkpoints and must never change;
     * the finaliser spreads FNV's weak low bits, which matter when keys are reduced modulo a table size.
     */
    public static long key(int fieldIndex, String value) {
        if (fieldIndex < 0) {
            throw new IllegalArgumentException("field index must not be negative, got " + fieldIndex);
        }
        Objects.requireNonNull(value, () -> "value of field " + fieldIndex + " is null");
        long h = FNV_OFFSET;
        // A fixed-width prefix makes (field, value) pairs unambiguous: "1","23" can never collide with "12","3".
        for (int shift = 0; shift < 32; shift += 8) {
            h = (h ^ ((fieldIndex >>> shift) & 0xff)) * FNV_PRIME;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            h = (h ^ (c & 0xff)) * FNV_PRIME;
            h = (h ^ (c >>> 8)) * FNV_PRIME;
        }
        return fmix64(h);
    }

    public static long[] keys(Interaction x) {
        String[] values = x.values();
        long[] keys = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            keys[i] = key(i, values[i]);
        }
        return keys;
    }

    private static long fmix64(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
