package io.gprec.model;

import java.util.Arrays;

/** Test access to a model's dense parameters, for tests outside this package. */
public final class ModelSnapshotTestAccess {
    private ModelSnapshotTestAccess() {}

    public static double[] parameters(GprecModel model) {
        return model.params().values().data().asDouble();
    }

    /**
     * Everything a {@link ModelSnapshot} holds but its provenance, as raw bits in a canonical order: step, generator
     * state, dense parameters, optimiser state, then per embedding table its rows (key, values, Adam m and v) sorted
     * by key, so two models compare equal exactly when they would predict and train identically from here on
     * (row slots, which a restore compacts, do not matter).
     */
    public static long[] fullState(GprecModel model) {
        double[] params = parameters(model), adam = model.optimizer().state().data().asDouble();
        int size = 2 + params.length + adam.length;
        EmbeddingTable[] tables = model.embeddings().tables;
        for (EmbeddingTable t : tables) size += 2 + t.liveRows() * (1 + 3 * t.dim());
        long[] out = new long[size];
        int n = 0;
        out[n++] = model.step();
        out[n++] = model.rng().state();
        for (double d : params) out[n++] = Double.doubleToRawLongBits(d);
        for (double d : adam) out[n++] = Double.doubleToRawLongBits(d);
        for (EmbeddingTable t : tables) {
            out[n++] = t.dim();
            out[n++] = t.liveRows();
            long[] keys = new long[t.liveRows()];
            int k = 0;
            for (int r = 1; r < t.rows(); r++) if (t.isLive(r)) keys[k++] = t.keyOfRow(r);
            Arrays.sort(keys);
            for (long key : keys) {
                out[n++] = key;
                for (double d : t.exportRow(key)) out[n++] = Double.doubleToRawLongBits(d);
            }
        }
        return out;
    }
}
