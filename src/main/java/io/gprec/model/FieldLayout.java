package io.gprec.model;

import java.util.Arrays;

/**
 * Which positions of an example's key array are personal (x_p), other user (x_o) and item (x_v)
 * fields. The model lays embeddings out as E = [E_p, E_o, E_v] (Eq. 1) whatever the input order.
 */
public record FieldLayout(int[] personal, int[] user, int[] item) {
    public FieldLayout {
        if (item.length == 0) throw new IllegalArgumentException("at least one item field is needed");
        if (personal.length + user.length == 0) throw new IllegalArgumentException("at least one user field is needed");
        personal = personal.clone();
        user = user.clone();
        item = item.clone();
        int n = personal.length + user.length + item.length;
        boolean[] seen = new boolean[n];
        for (int[] group : new int[][]{personal, user, item}) {
            for (int f : group) {
                if (f < 0 || f >= n || seen[f]) {
                    throw new IllegalArgumentException("field positions must be a permutation of 0.." + (n - 1)
                            + ", got personal=" + Arrays.toString(personal) + " user=" + Arrays.toString(user)
                            + " item=" + Arrays.toString(item));
                }
                seen[f] = true;
            }
        }
    }

    public int fieldCount() { return personal.length + user.length + item.length; }

    /** Input positions in embedding order: personal, then other user, then item fields. */
    public int[] embeddingOrder() {
        int[] order = new int[fieldCount()];
        System.arraycopy(personal, 0, order, 0, personal.length);
        System.arraycopy(user, 0, order, personal.length, user.length);
        System.arraycopy(item, 0, order, personal.length + user.length, item.length);
        return order;
    }

    public int userFieldCount() { return personal.length + user.length; }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldLayout f && Arrays.equals(personal, f.personal) && Arrays.equals(user, f.user)
                && Arrays.equals(item, f.item);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(personal) * 961 + Arrays.hashCode(user) * 31 + Arrays.hashCode(item);
    }

    @Override
    public String toString() {
        return "FieldLayout[personal=" + Arrays.toString(personal) + ", user=" + Arrays.toString(user)
                + ", item=" + Arrays.toString(item) + "]";
    }
}
