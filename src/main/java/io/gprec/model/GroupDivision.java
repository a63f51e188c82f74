package io.gprec.model;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * From classifier scores to group representations. Dual mode (GPRec): Gumbel-softmax masks
 * m_g^1 = σ((s_g^1 − s_g^0 + gn^1 − gn^0)/τ), m_g^0 = 1 − m_g^1 (Eqs. 3–4; Eq. 3's two-way softmax
 * over log-softmax scores reduces to this sigmoid), noise in training only; dual embeddings
 * p_g, n_g (Eq. 5); r_G = M ⊙ E_G (Eq. 6) and the contrast r_G^Con = (1 − M) ⊙ E_G (Eq. 9).
 * Single mode (GPRec-1, DGPM-like): softmax over the groups' first scores, one embedding per group.
 */
final class GroupDivision {
    private final int groups, dim;
    private final boolean dual;
    private final GroupCombine combine;
    private final double tau;
    private final DataType type;
    final Params.Slot positive, negative;
    private Tensor masks, rg, rcon, dMask, dz, diff, dA;

    GroupDivision(Params params, DataType type, int groups, int dim, boolean dual, GroupCombine combine, double tau) {
        this.type = type;
        this.groups = groups;
        this.dim = dim;
        this.dual = dual;
        this.combine = combine;
        this.tau = tau;
        this.positive = params.add(dual ? "groups.positive" : "groups.embedding", groups, dim, Params.Init.XAVIER_UNIFORM);
        this.negative = dual ? params.add("groups.negative", groups, dim, Params.Init.XAVIER_UNIFORM) : null;
    }

    int width() { return combine == GroupCombine.CONCAT ? groups * dim : dim; }

    /** m_g^1 per user (dual) or softmax weight per user (single): [nu, G], valid after {@link #forward}. */
    Tensor masks() { return masks; }

    Tensor groupRepresentation() { return rg; }

    /** A copy of p_g (and n_g in dual mode). */
    GroupEmbeddings embeddings() { return GroupEmbeddings.of(positive.value(), dual ? negative.value() : null); }

    /** r_G^Con, computed only in dual mode when asked. */
    Tensor contrastRepresentation() { return rcon; }

    /** Computes masks and r_G (and r_G^Con when {@code contrast}) from scores [nu, 2G]. */
    void forward(Tensor z, boolean training, Rng rng, boolean contrast) {
        int n = z.rows();
        masks = sized(masks, n, groups);
        rg = sized(rg, n, width());
        if (dual) {
            for (int u = 0; u < n; u++) {
                for (int g = 0; g < groups; g++) {
                    double delta = z.get(u, 2 * g) - z.get(u, 2 * g + 1);
                    // gn¹ − gn⁰, the difference of two standard Gumbels, is standard logistic: one log, not four
                    if (training) delta += rng.nextLogistic();
                    masks.set(u * groups + g, sigmoid(delta / tau));
                }
            }
        } else {
            for (int u = 0; u < n; u++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int g = 0; g < groups; g++) max = Math.max(max, z.get(u, 2 * g));
                double sum = 0;
                for (int g = 0; g < groups; g++) sum += Math.exp(z.get(u, 2 * g) - max);
                for (int g = 0; g < groups; g++) masks.set(u * groups + g, Math.exp(z.get(u, 2 * g) - max) / sum);
            }
        }
        Tensor p = positive.value();
        if (combine == GroupCombine.SUM) {
            if (dual) {
                // r_G = Σ_g n_g + Σ_g m_g (p_g − n_g): one GEMM against D = P − N
                diff = sized(diff, groups, dim);
                double[] sumN = new double[dim];
                for (int g = 0; g < groups; g++) {
                    for (int k = 0; k < dim; k++) {
                        double nv = negative.value().get(g, k);
                        diff.set(g * dim + k, p.get(g, k) - nv);
                        sumN[k] += nv;
                    }
                }
                Blas.gemm(masks, false, diff, false, rg, 1, 0);
                for (int u = 0; u < n; u++) for (int k = 0; k < dim; k++) rg.add(u * dim + k, sumN[k]);
            } else {
                Blas.gemm(masks, false, p, false, rg, 1, 0);
            }
        } else {
            for (int u = 0; u < n; u++) {
                for (int g = 0; g < groups; g++) {
                    double m = masks.get(u * groups + g);
                    for (int k = 0; k < dim; k++) {
                        double v = dual ? m * p.get(g, k) + (1 - m) * negative.value().get(g, k) : m * p.get(g, k);
                        rg.set(u * width() + g * dim + k, v);
                    }
                }
            }
        }
        if (contrast && dual) {
            rcon = sized(rcon, n, width());
            double[] both = pairSums();
            int w = width();
            for (int u = 0; u < n; u++) for (int j = 0; j < w; j++) rcon.set(u * w + j, both[j] - rg.get(u * w + j));
        }
    }

    /**
     * Accumulates dP, dN for the gradients of r_G and r_G^Con (either may be null) and returns
     * dZ [nu, 2G], the gradient of the classifier scores.
     */
    Tensor backward(Tensor dRg, Tensor dRcon) {
        int n = masks.rows(), w = width();
        // a = total gradient on the expression of r_G (r_G^Con = (p + n) − r_G)
        dA = sized(dA, n, w);
        for (int i = 0; i < n * w; i++) {
            double a = dRg == null ? 0 : dRg.get(i);
            if (dRcon != null) a -= dRcon.get(i);
            dA.set(i, a);
        }
        if (dRcon != null) {
            double[] conSums = new double[w];
            for (int u = 0; u < n; u++) for (int j = 0; j < w; j++) conSums[j] += dRcon.get(u * w + j);
            for (int g = 0; g < groups; g++) {
                for (int k = 0; k < dim; k++) {
                    double s = combine == GroupCombine.SUM ? conSums[k] : conSums[g * dim + k];
                    positive.grad().add(g * dim + k, s);
                    negative.grad().add(g * dim + k, s);
                }
            }
        }
        dMask = sized(dMask, n, groups);
        Tensor p = positive.value();
        if (combine == GroupCombine.SUM) {
            Tensor weights = dual ? diff : p;
            Blas.gemm(dA, false, weights, true, dMask, 1, 0);              // dM = a · Dᵀ
            Blas.gemm(masks, true, dA, false, positive.grad(), 1, 1);       // dP += Mᵀ a
            if (dual) {
                Blas.gemm(masks, true, dA, false, negative.grad(), -1, 1);  // dN += colsum(a) − Mᵀ a
                double[] sums = new double[dim];
                for (int u = 0; u < n; u++) for (int k = 0; k < dim; k++) sums[k] += dA.get(u * dim + k);
                for (int g = 0; g < groups; g++) for (int k = 0; k < dim; k++) negative.grad().add(g * dim + k, sums[k]);
            }
        } else {
            for (int u = 0; u < n; u++) {
                for (int g = 0; g < groups; g++) {
                    double m = masks.get(u * groups + g), dm = 0;
                    for (int k = 0; k < dim; k++) {
                        double a = dA.get(u * w + g * dim + k);
                        double pv = p.get(g, k);
                        if (dual) {
                            double nv = negative.value().get(g, k);
                            dm += a * (pv - nv);
                            positive.grad().add(g * dim + k, m * a);
                            negative.grad().add(g * dim + k, (1 - m) * a);
                        } else {
                            dm += a * pv;
                            positive.grad().add(g * dim + k, m * a);
                        }
                    }
                    dMask.set(u * groups + g, dm);
                }
            }
        }
        dz = sized(dz, n, 2 * groups);
        for (int u = 0; u < n; u++) {
            if (dual) {
                for (int g = 0; g < groups; g++) {
                    double m = masks.get(u * groups + g);
                    double dDelta = dMask.get(u * groups + g) * m * (1 - m) / tau;
                    dz.set(u * 2 * groups + 2 * g, dDelta);
                    dz.set(u * 2 * groups + 2 * g + 1, -dDelta);
                }
            } else {
                double dot = 0;
                for (int g = 0; g < groups; g++) dot += masks.get(u * groups + g) * dMask.get(u * groups + g);
                for (int g = 0; g < groups; g++) {
                    double m = masks.get(u * groups + g);
                    dz.set(u * 2 * groups + 2 * g, m * (dMask.get(u * groups + g) - dot));
                    dz.set(u * 2 * groups + 2 * g + 1, 0);
                }
            }
        }
        return dz;
    }

    /** p_g + n_g laid out like one row of r_G. */
    private double[] pairSums() {
        int w = width();
        double[] out = new double[w];
        for (int g = 0; g < groups; g++) {
            for (int k = 0; k < dim; k++) {
                double s = positive.value().get(g, k) + negative.value().get(g, k);
                if (combine == GroupCombine.SUM) out[k] += s;
                else out[g * dim + k] = s;
            }
        }
        return out;
    }

    private static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    private Tensor sized(Tensor t, int rows, int cols) {
        return t == null ? Tensor.zeros(type, rows, cols) : t.withRows(rows);
    }
}
