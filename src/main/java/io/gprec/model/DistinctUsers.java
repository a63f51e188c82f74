package io.gprec.model;

import java.util.Arrays;

/**
 * Groups the examples of a batch by user (the tuple of their user-field rows), so that the
 * group classifier and f2, which depend on the user alone, run once per distinct user.
 */
final class DistinctUsers {
    private int[] table = new int[0];
    int[] userOf = new int[0];
    int[] firstExample = new int[0];
    int count;

    /** rows: n × fields in embedding order; the first {@code userFields} are the user's. */
    void compute(int[] rows, int n, int fields, int userFields) {
        if (userOf.length < n) {
            userOf = new int[n];
            firstExample = new int[n];
        }
        int cap = Integer.highestOneBit(Math.max(4, n) * 2 - 1) << 1;
        if (table.length < cap) table = new int[cap];
        Arrays.fill(table, 0, cap, -1);
        int mask = cap - 1;
        count = 0;
        for (int i = 0; i < n; i++) {
            int h = 1;
            for (int f = 0; f < userFields; f++) h = 31 * h + rows[i * fields + f];
            h ^= h >>> 16;
            for (int slot = (h * 0x9E3779B9) & mask; ; slot = (slot + 1) & mask) {
                int u = table[slot];
                if (u < 0) {
                    table[slot] = count;
                    firstExample[count] = i;
                    userOf[i] = count++;
                    break;
                }
                if (sameUser(rows, firstExample[u], i, fields, userFields)) {
                    userOf[i] = u;
                    break;
                }
            }
        }
    }

    private static boolean sameUser(int[] rows, int a, int b, int fields, int userFields) {
        for (int f = 0; f < userFields; f++) if (rows[a * fields + f] != rows[b * fields + f]) return false;
        return true;
    }
}
