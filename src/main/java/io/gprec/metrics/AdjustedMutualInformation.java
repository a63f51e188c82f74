package io.gprec.metrics;

import java.util.HashMap;
import java.util.Map;

/**
 * Adjusted mutual information between two labelings of the same items (Vinh, Epps and Bailey, JMLR 2010),
 * with the arithmetic-mean normalisation (scikit-learn's default):
 * AMI = (MI − E[MI]) / (½(H(U) + H(V)) − E[MI]), where E[MI] is the exact expectation of MI under the
 * permutation model (hypergeometric cell counts, fixed marginals). 1 for identical partitions (up to
 * renaming), about 0 for independent ones whatever the number of clusters, negative below chance.
 */
public final class AdjustedMutualInformation {
    private AdjustedMutualInformation() {}

    public static double ami(int[] a, int[] b) {
        Contingency t = Contingency.of(a, b);
        int n = a.length;
        // Both partitions trivial (one cluster each, or each item its own cluster in both): identical.
        if ((t.rowSums.length == 1 && t.colSums.length == 1) || (t.rowSums.length == n && t.colSums.length == n)) {
            return 1.0;
        }
        double mi = mutualInformation(t, n);
        double emi = expectedMutualInformation(t.rowSums, t.colSums, n);
        double mean = (entropy(t.rowSums, n) + entropy(t.colSums, n)) / 2;
        double denominator = mean - emi;
        // as scikit-learn: keep the sign, avoid dividing by ~0
        double eps = Math.ulp(1.0);
        denominator = denominator < 0 ? Math.min(denominator, -eps) : Math.max(denominator, eps);
        return (mi - emi) / denominator;
    }

    /** MI in nats. */
    public static double mutualInformation(int[] a, int[] b) {
        return mutualInformation(Contingency.of(a, b), a.length);
    }

    /** The expected MI in nats of two random labelings with these cluster sizes. */
    public static double expectedMutualInformation(int[] a, int[] b) {
        Contingency t = Contingency.of(a, b);
        return expectedMutualInformation(t.rowSums, t.colSums, a.length);
    }

    private static double mutualInformation(Contingency t, int n) {
        double mi = 0;
        for (int i = 0; i < t.rowSums.length; i++) {
            for (int j = 0; j < t.colSums.length; j++) {
                long nij = t.cells[i][j];
                if (nij > 0) {
                    mi += (double) nij / n * Math.log((double) n * nij / ((double) t.rowSums[i] * t.colSums[j]));
                }
            }
        }
        return Math.max(mi, 0);
    }

    private static double expectedMutualInformation(int[] rows, int[] cols, int n) {
        double[] logFactorial = logFactorials(n);
        double emi = 0;
        for (int ai : rows) {
            for (int bj : cols) {
                int from = Math.max(1, ai + bj - n), to = Math.min(ai, bj);
                // log of ai! bj! (n-ai)! (n-bj)! / n!, common to every nij of this cell
                double common = logFactorial[ai] + logFactorial[bj] + logFactorial[n - ai] + logFactorial[n - bj]
                        - logFactorial[n];
                for (int nij = from; nij <= to; nij++) {
                    double logP = common - logFactorial[nij] - logFactorial[ai - nij] - logFactorial[bj - nij]
                            - logFactorial[n - ai - bj + nij];
                    emi += (double) nij / n * Math.log((double) n * nij / ((double) ai * bj)) * Math.exp(logP);
                }
            }
        }
        return emi;
    }

    private static double entropy(int[] sizes, int n) {
        double h = 0;
        for (int s : sizes) {
            if (s > 0) h -= (double) s / n * Math.log((double) s / n);
        }
        return h;
    }

    private static double[] logFactorials(int n) {
        double[] f = new double[n + 1];
        for (int k = 2; k <= n; k++) f[k] = f[k - 1] + Math.log(k);
        return f;
    }

    /** The contingency table of two labelings, labels renumbered densely in order of appearance. */
    private record Contingency(long[][] cells, int[] rowSums, int[] colSums) {
        static Contingency of(int[] a, int[] b) {
            if (a.length != b.length) {
                throw new IllegalArgumentException("labelings differ in length: " + a.length + " vs " + b.length);
            }
            if (a.length == 0) throw new IllegalArgumentException("labelings are empty");
            int[] ra = dense(a), rb = dense(b);
            int rows = max(ra) + 1, cols = max(rb) + 1;
            long[][] cells = new long[rows][cols];
            int[] rowSums = new int[rows], colSums = new int[cols];
            for (int k = 0; k < a.length; k++) {
                cells[ra[k]][rb[k]]++;
                rowSums[ra[k]]++;
                colSums[rb[k]]++;
            }
            return new Contingency(cells, rowSums, colSums);
        }

        private static int[] dense(int[] labels) {
            Map<Integer, Integer> ids = new HashMap<>();
            int[] out = new int[labels.length];
            for (int k = 0; k < labels.length; k++) out[k] = ids.computeIfAbsent(labels[k], x -> ids.size());
            return out;
        }

        private static int max(int[] v) {
            int m = 0;
            for (int x : v) m = Math.max(m, x);
            return m;
        }
    }
}
