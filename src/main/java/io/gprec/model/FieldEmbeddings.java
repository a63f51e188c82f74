package io.gprec.model;

import java.util.Arrays;

/**
 * The embedding tables of all fields (Eq. 1), in embedding order [personal, user, item]: looks
 * up a batch's rows, gathers E, accumulates the gradients of the rows a batch touched and
 * applies lazy Adam to them.
 */
final class FieldEmbeddings {
    final EmbeddingTable[] tables;
    private final int[] inputPosition;
    private final int dim;
    private final Accumulator[] accumulators;
    /** Floats per heap block of the gather and scatter loops: small enough to stay in L1/L2. */
    private static final int BLOCK = 4096;
    private float[] block = new float[0];

    FieldEmbeddings(FieldLayout layout, int dim, double initScale) {
        this.dim = dim;
        this.inputPosition = layout.embeddingOrder();
        this.tables = new EmbeddingTable[inputPosition.length];
        this.accumulators = new Accumulator[inputPosition.length];
        int personal = layout.personal().length;
        for (int f = 0; f < tables.length; f++) {
            // personal rows in float32: a stream processor keeps one per user, and holds them in float (docs/BENCHMARKS.md)
            tables[f] = new EmbeddingTable(dim, initScale, 1024, f < personal);
            accumulators[f] = new Accumulator(dim);
        }
    }

    int fields() { return tables.length; }

    void setClock(long time) {
        for (EmbeddingTable t : tables) t.setClock(time);
    }

    int expireSeenBefore(long cutoff) {
        int dropped = 0;
        for (EmbeddingTable t : tables) dropped += t.expireSeenBefore(cutoff);
        return dropped;
    }

    /** rows[i·F + f] for field f (embedding order); creates rows for unseen keys when {@code grow}. */
    void lookup(Batch batch, boolean grow, Rng rng, int[] rows) {
        int n = batch.size(), fields = tables.length;
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < fields; f++) {
                long key = batch.key(i, inputPosition[f]);
                rows[i * fields + f] = grow ? tables[f].rowOrAdd(key, rng) : tables[f].rowOf(key);
            }
        }
    }

    /** E[i, f·d + k] for each example i: [n, F·d]. */
    void gather(int[] rows, int n, Tensor e) {
        int fields = tables.length, w = fields * dim;
        if (e.isDouble()) {
            for (int i = 0; i < n; i++) {
                for (int f = 0; f < fields; f++) {
                    int row = rows[i * fields + f];
                    EmbeddingTable t = tables[f];
                    int base = i * w + f * dim;
                    for (int k = 0; k < dim; k++) e.set(base + k, t.value(row, k));
                }
            }
            return;
        }
        // float: rows are converted into a heap block, then copied out in one move (per-element off-heap writes were the cost)
        double[][] values = new double[fields][];
        for (int f = 0; f < fields; f++) values[f] = tables[f].values();
        int per = Math.max(1, BLOCK / w);
        float[] block = block(per * w);
        for (int first = 0; first < n; first += per) {
            int count = Math.min(per, n - first);
            for (int i = 0; i < count; i++) {
                for (int f = 0; f < fields; f++) {
                    double[] v = values[f];
                    int src = rows[(first + i) * fields + f] * dim, dst = i * w + f * dim;
                    if (dim == 16) for (int k = 0; k < 16; k++) block[dst + k] = (float) v[src + k]; // constant trip count: unrolled
                    else for (int k = 0; k < dim; k++) block[dst + k] = (float) v[src + k];
                }
            }
            e.writeFloats(block, first * w, count * w);
        }
    }

    /** Adds dE[e, f·d..] (width = fieldCount·d, fields from 0) of example e's rows to the gradients. */
    void accumulate(int[] rows, int example, int fieldCount, Tensor grad, int gradRow) {
        int fields = tables.length, w = grad.cols();
        for (int f = 0; f < fieldCount; f++) {
            accumulators[f].add(rows[example * fields + f], grad, gradRow * w + f * dim);
        }
    }

    void accumulateAll(int[] rows, int n, Tensor dE) {
        if (dE.isDouble()) {
            for (int i = 0; i < n; i++) accumulate(rows, i, tables.length, dE, i);
            return;
        }
        int fields = tables.length, w = fields * dim;
        int per = Math.max(1, BLOCK / w);
        float[] block = block(per * w);
        for (int first = 0; first < n; first += per) {
            int count = Math.min(per, n - first);
            dE.readFloats(first * w, block, count * w);
            for (int i = 0; i < count; i++) {
                for (int f = 0; f < fields; f++) accumulators[f].add(rows[(first + i) * fields + f], block, i * w + f * dim);
            }
        }
    }

    private float[] block(int size) {
        if (block.length < size) block = new float[size];
        return block;
    }

    void adamStep(AdamSettings settings, long step) {
        for (int f = 0; f < tables.length; f++) accumulators[f].apply(tables[f], settings, step);
    }

    /** Forgets accumulated gradients without applying them. */
    void clearGradients() {
        for (Accumulator a : accumulators) a.clear();
    }

    /** Gradient of (field, row, k) accumulated so far, 0 if untouched: for gradient checks. */
    double pendingGradient(int field, int row, int k) {
        return accumulators[field].get(row, k);
    }

    /** Per-field sparse gradient: touched rows in first-touch order and their summed gradients. */
    private static final class Accumulator {
        private final int dim;
        private int[] slotOfRow = new int[0];
        private int[] touched = new int[64];
        private double[] grads;
        private int count;

        Accumulator(int dim) {
            this.dim = dim;
            this.grads = new double[64 * dim];
        }

        void add(int row, Tensor src, int offset) {
            int base = slot(row) * dim;
            for (int k = 0; k < dim; k++) grads[base + k] += src.get(offset + k);
        }

        void add(int row, float[] src, int offset) {
            int base = slot(row) * dim;
            if (dim == 16) for (int k = 0; k < 16; k++) grads[base + k] += src[offset + k]; // as in gather
            else for (int k = 0; k < dim; k++) grads[base + k] += src[offset + k];
        }

        /** The slot of row, taking a new zeroed one on the row's first touch this step. */
        private int slot(int row) {
            if (row >= slotOfRow.length) {
                int old = slotOfRow.length;
                slotOfRow = Arrays.copyOf(slotOfRow, Math.max(row + 1, old * 2));
                Arrays.fill(slotOfRow, old, slotOfRow.length, -1);
            }
            int slot = slotOfRow[row];
            if (slot < 0) {
                if (count == touched.length) {
                    touched = Arrays.copyOf(touched, count * 2);
                    grads = Arrays.copyOf(grads, count * 2 * dim);
                }
                slot = count++;
                slotOfRow[row] = slot;
                touched[slot] = row;
                Arrays.fill(grads, slot * dim, slot * dim + dim, 0);
            }
            return slot;
        }

        double get(int row, int k) {
            if (row >= slotOfRow.length || slotOfRow[row] < 0) return 0;
            return grads[slotOfRow[row] * dim + k];
        }

        void apply(EmbeddingTable table, AdamSettings settings, long step) {
            table.adamStep(touched, grads, count, settings, step);
            clear();
        }

        void clear() {
            for (int i = 0; i < count; i++) slotOfRow[touched[i]] = -1;
            count = 0;
        }
    }
}
