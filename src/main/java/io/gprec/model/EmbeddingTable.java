package io.gprec.model;

import java.util.Arrays;

/**
 * The embedding table of one field, growing as new ids arrive (a stream has no fixed
 * vocabulary). Row 0 is the all-zero "unseen id" row used when predicting an id never trained
 * on; it is never updated. Rows are trained with lazy Adam: only rows present in a batch move.
 *
 * <p>Why not nd4j's updater here: it updates a whole dense view, and a table of a million ids
 * touched a few thousand rows per step would pay for all of them; the update below is the same
 * Adam formula applied to the touched rows only.
 */
public final class EmbeddingTable {
    private final int dim;
    private final double initScale;
    private final LongIntMap index;
    private long[] keyOfRow;
    private double[] values, m, v;
    private int rows;
    private int[] freeRows = new int[0];
    private int freeCount;

    public EmbeddingTable(int dim, double initScale, int expectedRows) {
        this.dim = dim;
        this.initScale = initScale;
        int cap = Math.max(16, expectedRows + 1);
        this.index = new LongIntMap(cap);
        this.keyOfRow = new long[cap];
        this.values = new double[cap * dim];
        this.m = new double[cap * dim];
        this.v = new double[cap * dim];
        this.rows = 1; // row 0: unseen
    }

    public int dim() { return dim; }

    /** Rows in use, including the unseen row. */
    public int rows() { return rows; }

    /** Row of key, or 0 (the zero row) if the key was never added. */
    public int rowOf(long key) {
        int r = index.get(key);
        return r < 0 ? 0 : r;
    }

    /** Row of key, creating and initialising it (uniform in ±initScale) on first sight. */
    public int rowOrAdd(long key, Rng rng) {
        int r = index.get(key);
        if (r >= 0) return r;
        r = newRow(key);
        for (int k = 0; k < dim; k++) values[r * dim + k] = (2 * rng.nextOpenUnit() - 1) * initScale;
        return r;
    }

    /** Ids held, excluding freed rows and the unseen row. */
    public int liveRows() { return index.size(); }

    /** The row of key as [values, Adam m, Adam v] (3·dim), or null if the key has no row. */
    public double[] exportRow(long key) {
        int r = index.get(key);
        if (r < 0) return null;
        double[] out = new double[3 * dim];
        System.arraycopy(values, r * dim, out, 0, dim);
        System.arraycopy(m, r * dim, out, dim, dim);
        System.arraycopy(v, r * dim, out, 2 * dim, dim);
        return out;
    }

    /** Sets (creating if needed) the row of key from an {@link #exportRow} array. */
    public void importRow(long key, double[] state) {
        if (state.length != 3 * dim) {
            throw new IllegalArgumentException("expected " + 3 * dim + " values for a row of dim " + dim + ", found " + state.length);
        }
        int r = index.get(key);
        if (r < 0) r = newRow(key);
        System.arraycopy(state, 0, values, r * dim, dim);
        System.arraycopy(state, dim, m, r * dim, dim);
        System.arraycopy(state, 2 * dim, v, r * dim, dim);
    }

    /** Drops the row of key (its slot is reused by the next new id); false if absent. */
    public boolean remove(long key) {
        int r = index.get(key);
        if (r < 0) return false;
        index.remove(key);
        java.util.Arrays.fill(values, r * dim, r * dim + dim, 0);
        java.util.Arrays.fill(m, r * dim, r * dim + dim, 0);
        java.util.Arrays.fill(v, r * dim, r * dim + dim, 0);
        if (freeCount == freeRows.length) freeRows = java.util.Arrays.copyOf(freeRows, Math.max(16, freeCount * 2));
        freeRows[freeCount++] = r;
        keyOfRow[r] = 0;
        return true;
    }

    private int newRow(long key) {
        int r;
        if (freeCount > 0) {
            r = freeRows[--freeCount];
        } else {
            ensureCapacity(rows + 1);
            r = rows++;
        }
        index.put(key, r);
        keyOfRow[r] = key;
        return r;
    }

    public long keyOfRow(int row) { return keyOfRow[row]; }

    /** Whether row (1..rows()-1) holds an id, i.e. was not freed by {@link #remove}. */
    boolean isLive(int row) { return row > 0 && row < rows && index.get(keyOfRow[row]) == row; }

    double value(int row, int k) { return values[row * dim + k]; }

    void setValue(int row, int k, double x) { values[row * dim + k] = x; }

    /** Raw arrays for snapshots: values, m, v (first rows·dim entries are in use). */
    double[] values() { return values; }
    double[] firstMoments() { return m; }
    double[] secondMoments() { return v; }

    /**
     * One lazy-Adam step on {@code count} rows with gradients {@code grads[i·dim..]};
     * {@code step} counts from 1 for bias correction.
     */
    void adamStep(int[] touched, double[] grads, int count, AdamSettings s, long step) {
        double b1 = s.beta1(), b2 = s.beta2();
        double c1 = 1 - Math.pow(b1, step), c2 = 1 - Math.pow(b2, step);
        double lr = s.learningRate() * Math.sqrt(c2) / c1;
        double eps = s.epsilon(); // as nd4j's AdamUpdater, which the dense parameters use
        for (int i = 0; i < count; i++) {
            int row = touched[i];
            if (row == 0) continue;
            int base = row * dim;
            for (int k = 0; k < dim; k++) {
                int j = base + k;
                double g = grads[i * dim + k] + s.weightDecay() * values[j];
                m[j] = b1 * m[j] + (1 - b1) * g;
                v[j] = b2 * v[j] + (1 - b2) * g * g;
                values[j] -= lr * m[j] / (Math.sqrt(v[j]) + eps);
            }
        }
    }

    /** Restores rows from a snapshot (keys in row order, row 0 excluded). */
    void restore(long[] keys, double[] vals, double[] firstMoments, double[] secondMoments) {
        int n = keys.length + 1;
        ensureCapacity(n);
        rows = 1;
        freeCount = 0;
        for (long key : keys) {
            index.put(key, rows);
            keyOfRow[rows++] = key;
        }
        System.arraycopy(vals, 0, values, dim, keys.length * dim);
        System.arraycopy(firstMoments, 0, m, dim, keys.length * dim);
        System.arraycopy(secondMoments, 0, v, dim, keys.length * dim);
    }

    private void ensureCapacity(int needed) {
        if (needed <= keyOfRow.length) return;
        int cap = Math.max(needed, keyOfRow.length * 2);
        keyOfRow = Arrays.copyOf(keyOfRow, cap);
        values = Arrays.copyOf(values, cap * dim);
        m = Arrays.copyOf(m, cap * dim);
        v = Arrays.copyOf(v, cap * dim);
    }
}
