package io.gprec.model;

/**
 * A read-only copy of a GPRec model's group embeddings (paper Eq. 5): the positive p_g and negative n_g rows,
 * [G][dim] each. In single-embedding mode (GPRec-1) there is one embedding per group and {@code negative} is empty.
 * Used to inspect a trained model (the dashboard's similarity heatmap, paper Fig. 4).
 */
public record GroupEmbeddings(double[][] positive, double[][] negative) {
    public GroupEmbeddings {
        positive = deepCopy(positive);
        negative = deepCopy(negative);
    }

    public int groups() { return positive.length; }

    public boolean dual() { return negative.length > 0; }

    @Override
    public double[][] positive() { return deepCopy(positive); }

    @Override
    public double[][] negative() { return deepCopy(negative); }

    static GroupEmbeddings of(Tensor positive, Tensor negative) {
        return new GroupEmbeddings(rows(positive), negative == null ? new double[0][] : rows(negative));
    }

    private static double[][] rows(Tensor t) {
        double[][] out = new double[t.rows()][t.cols()];
        for (int r = 0; r < out.length; r++) for (int c = 0; c < out[r].length; c++) out[r][c] = t.get(r, c);
        return out;
    }

    private static double[][] deepCopy(double[][] a) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) out[i] = a[i].clone();
        return out;
    }
}
