package io.gprec.model;

/**
 * The prediction layer on top of the backbone's r_b and, for GPRec, r_G and r_P (paper §III-D).
 * A head computes probabilities and back-propagates the main BCE loss itself, so that each
 * strategy can use the numerically right gradient (p − y for a sigmoid output).
 */
interface Head {
    /** Probabilities ŷ for each row; rg and rp are null when unused. */
    void forward(Tensor rb, Tensor rg, Tensor rp, double[] prob);

    /**
     * Back-propagates {@code scale}·Σ BCE(ŷ, y) and writes (overwrites) dRb, dRg, dRp (null when unused).
     * Must follow {@link #forward} on the same rows.
     */
    void backward(float[] labels, double scale, Tensor dRb, Tensor dRg, Tensor dRp);

    static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }
}
