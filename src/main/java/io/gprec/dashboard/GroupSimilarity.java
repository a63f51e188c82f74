package io.gprec.dashboard;

import io.gprec.model.GroupEmbeddings;

/**
 * Cosine similarities between a model's group embeddings, as in the paper's Fig. 4: rows and columns are
 * p_1..p_G followed by n_1..n_G, so the diagonals of the off-diagonal quadrants compare each group's positive
 * embedding with its own negative one (GPRec learns them to be dissimilar).
 */
final class GroupSimilarity {
    private GroupSimilarity() {}

    /** The [2G][2G] matrix (or [G][G] in single-embedding mode); a zero vector's similarity is 0. */
    static double[][] cosines(GroupEmbeddings e) {
        double[][] p = e.positive(), n = e.negative();
        double[][] rows = new double[p.length + n.length][];
        System.arraycopy(p, 0, rows, 0, p.length);
        System.arraycopy(n, 0, rows, p.length, n.length);
        double[] norms = new double[rows.length];
        for (int i = 0; i < rows.length; i++) norms[i] = Math.sqrt(dot(rows[i], rows[i]));
        double[][] out = new double[rows.length][rows.length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = i; j < rows.length; j++) {
                double d = norms[i] * norms[j];
                double c = d == 0 ? 0 : Math.max(-1, Math.min(1, dot(rows[i], rows[j]) / d));
                out[i][j] = c;
                out[j][i] = c;
            }
        }
        return out;
    }

    /** Mean cos(p_g, n_g) over the groups: how far apart each group's two embeddings are (NaN without negatives). */
    static double meanPositiveNegative(double[][] cosines, int groups) {
        if (cosines.length != 2 * groups || groups == 0) return Double.NaN;
        double sum = 0;
        for (int g = 0; g < groups; g++) sum += cosines[g][groups + g];
        return sum / groups;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) s += a[k] * b[k];
        return s;
    }
}
