package io.gprec.data;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Maps the integer ids of users or movies to their profile values. */
final class IdTable {

    // MovieLens ids are small and dense, so they index an array: the ratings loop does two lookups per line
    // and boxing every id for a HashMap adds up at 1M lines. Ids beyond this bound fall back to a map.
    private static final int MAX_DENSE_ID = 1 << 22;

    private final String kind;
    private String[][] dense = new String[1024][];
    private final Map<Integer, String[]> sparse = new HashMap<>();

    /** {@code kind} ("user", "movie") names the id in error messages. */
    IdTable(String kind) {
        this.kind = kind;
    }

    void put(int id, String[] profile) {
        if (get(id) != null) {
            throw new LineFormatException("duplicate " + kind + " id " + id);
        }
        if (id >= 0 && id < MAX_DENSE_ID) {
            if (id >= dense.length) {
                dense = Arrays.copyOf(dense, Math.max(id + 1, dense.length * 2));
            }
            dense[id] = profile;
        } else {
            sparse.put(id, profile);
        }
    }

    /** The profile of {@code id}, or null when it was never put. */
    String[] get(int id) {
        if (id >= 0 && id < MAX_DENSE_ID) {
            return id < dense.length ? dense[id] : null;
        }
        return sparse.get(id);
    }

    String[] require(int id) {
        String[] profile = get(id);
        if (profile == null) {
            throw new LineFormatException("unknown " + kind + " id " + id + " (not in the " + kind + "s file)");
        }
        return profile;
    }
}
