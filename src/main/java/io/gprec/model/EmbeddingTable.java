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
 *
 * <p>Single-precision tables (the personal ones, whose rows a stream processor keeps per user as
 * float32 to halve its state) round values and Adam slots to float after every change, so the
 * rows a model holds are exactly what a float array would hold: exporting and importing them is
 * lossless, and a model that keeps them is bit-identical to one that moves them out and back.
 *
 * <p>Expiry: each row carries the time it was last seen ({@link #setClock}: the clock stamped on
 * rows trained or created); {@link #expireSeenBefore} drops rows not seen since a cutoff.
 */
public final class EmbeddingTable {
    private final int dim;
    private final double initScale;
    /** Last-seen time of a row never stamped (no clock set, or restored from a format without one). */
    public static final long UNSTAMPED = Long.MIN_VALUE;

    private final LongIntMap index;
    private final boolean singlePrecision;
    private long[] keyOfRow, lastSeen;
    private long clock = UNSTAMPED;
    private double[] values, m, v;
    private int rows;
    private int[] freeRows = new int[0];
    private int freeCount;

    public EmbeddingTable(int dim, double initScale, int expectedRows) {
        this(dim, initScale, expectedRows, false);
    }

    /** {@code singlePrecision}: values and Adam slots rounded to float32 after every change. */
    public EmbeddingTable(int dim, double initScale, int expectedRows, boolean singlePrecision) {
        this.dim = dim;
        this.singlePrecision = singlePrecision;
        this.initScale = initScale;
        int cap = Math.max(16, expectedRows + 1);
        this.index = new LongIntMap(cap);
        this.keyOfRow = new long[cap];
        this.lastSeen = new long[cap];
        this.values = new double[cap * dim];
        this.m = new double[cap * dim];
        this.v = new double[cap * dim];
        this.rows = 1; // row 0: unseen
    }

    public int dim() { return dim; }

    public boolean singlePrecision() { return singlePrecision; }

    /** The time stamped from now on on rows that {@link #rowOrAdd} finds or creates and rows {@link #importRow} creates. */
    public void setClock(long time) { clock = time; }

    /** Last-seen time of key's row, or {@link #UNSTAMPED}; null if the key has no row. */
    public Long lastSeen(long key) {
        int r = index.get(key);
        return r < 0 ? null : lastSeen[r];
    }

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
        if (r >= 0) {
            lastSeen[r] = clock;
            return r;
        }
        r = newRow(key);
        for (int k = 0; k < dim; k++) values[r * dim + k] = round((2 * rng.nextOpenUnit() - 1) * initScale);
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

    /** The row of key as floats [values, m, v] into {@code out[offset..offset + 3·dim)}; false (out untouched) if the key has no row. */
    public boolean exportRow(long key, float[] out, int offset) {
        int r = index.get(key);
        if (r < 0) return false;
        for (int k = 0; k < dim; k++) {
            out[offset + k] = (float) values[r * dim + k];
            out[offset + dim + k] = (float) m[r * dim + k];
            out[offset + 2 * dim + k] = (float) v[r * dim + k];
        }
        return true;
    }

    /** Sets (creating if needed) the row of key from {@code state[offset..offset + 3·dim)} as written by {@link #exportRow(long, float[], int)}. */
    public void importRow(long key, float[] state, int offset) {
        int r = index.get(key);
        if (r < 0) r = newRow(key);
        for (int k = 0; k < dim; k++) {
            values[r * dim + k] = state[offset + k];
            m[r * dim + k] = state[offset + dim + k];
            v[r * dim + k] = state[offset + 2 * dim + k];
        }
    }

    /** Sets (creating if needed) the row of key from an {@link #exportRow} array. */
    public void importRow(long key, double[] state) {
        if (state.length != 3 * dim) {
            throw new IllegalArgumentException("expected " + 3 * dim + " values for a row of dim " + dim + ", found " + state.length);
        }
        int r = index.get(key);
        if (r < 0) r = newRow(key);
        for (int k = 0; k < dim; k++) {
            values[r * dim + k] = round(state[k]);
            m[r * dim + k] = round(state[dim + k]);
            v[r * dim + k] = round(state[2 * dim + k]);
        }
    }

    /**
     * Drops every row last seen before {@code cutoff}; rows never stamped ({@link #UNSTAMPED}) are
     * stamped {@code cutoff} instead, so that they get a full period from now. Returns the rows dropped.
     */
    public int expireSeenBefore(long cutoff) {
        int dropped = 0;
        for (int r = 1; r < rows; r++) {
            if (!isLive(r)) continue;
            if (lastSeen[r] == UNSTAMPED) lastSeen[r] = cutoff;
            else if (lastSeen[r] < cutoff && remove(keyOfRow[r])) dropped++;
        }
        return dropped;
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
        lastSeen[r] = clock;
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
                if (singlePrecision) {
                    m[j] = (float) m[j];
                    v[j] = (float) v[j];
                    values[j] = (float) values[j];
                }
            }
        }
    }

    /** Last-seen times, for snapshots (first rows() entries). */
    long[] lastSeenTimes() { return lastSeen; }

    private double round(double x) {
        return singlePrecision ? (float) x : x;
    }

    /**
     * Restores rows from a snapshot (keys in row order, row 0 excluded); {@code seen} null: every
     * row {@link #UNSTAMPED}. A single-precision table rounds what it restores.
     */
    void restore(long[] keys, double[] vals, double[] firstMoments, double[] secondMoments, long[] seen) {
        int n = keys.length + 1;
        ensureCapacity(n);
        rows = 1;
        freeCount = 0;
        for (int i = 0; i < keys.length; i++) {
            index.put(keys[i], rows);
            lastSeen[rows] = seen == null ? UNSTAMPED : seen[i];
            keyOfRow[rows++] = keys[i];
        }
        for (int i = 0; i < keys.length * dim; i++) {
            values[dim + i] = round(vals[i]);
            m[dim + i] = round(firstMoments[i]);
            v[dim + i] = round(secondMoments[i]);
        }
    }

    private void ensureCapacity(int needed) {
        if (needed <= keyOfRow.length) return;
        int cap = Math.max(needed, keyOfRow.length * 2);
        keyOfRow = Arrays.copyOf(keyOfRow, cap);
        lastSeen = Arrays.copyOf(lastSeen, cap);
        values = Arrays.copyOf(values, cap * dim);
        m = Arrays.copyOf(m, cap * dim);
        v = Arrays.copyOf(v, cap * dim);
    }
}
