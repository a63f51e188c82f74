package io.gprec.model;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * FinalMLP's prediction layer [33] (one head): logit = b + x_1·w_1 + x_2·w_2 + x_1ᵀ·W_12·x_2.
 * The products over the batch are GEMMs; the per-row bilinear dot product is an element loop.
 */
final class BilinearFusion {
    private final Params.Slot w1, w2, w12, bias;
    private final DataType type;
    final int width1, width2;
    private Tensor x1, x2, p, logit, dW, dScaled;

    BilinearFusion(Params params, String name, DataType type, int width1, int width2) {
        this.type = type;
        this.width1 = width1;
        this.width2 = width2;
        w1 = params.add(name + ".w1", width1, 1, Params.Init.XAVIER_UNIFORM);
        w2 = params.add(name + ".w2", width2, 1, Params.Init.XAVIER_UNIFORM);
        w12 = params.add(name + ".W12", width1, width2, Params.Init.XAVIER_UNIFORM);
        bias = params.add(name + ".b", 1, 1, Params.Init.ZERO);
    }

    Tensor forward(Tensor x1, Tensor x2) {
        int n = x1.rows();
        this.x1 = x1;
        this.x2 = x2;
        p = Tensors.sized(p, type, n, width2);
        Blas.gemm(x1, false, w12.value(), false, p, 1, 0);
        logit = Tensors.sized(logit, type, n, 1);
        Dense.addBias(logit, bias.value(), true);
        Blas.gemm(x1, false, w1.value(), false, logit, 1, 1);
        Blas.gemm(x2, false, w2.value(), false, logit, 1, 1);
        for (int i = 0; i < n; i++) {
            double dot = 0;
            for (int k = 0; k < width2; k++) dot += p.get(i * width2 + k) * x2.get(i * width2 + k);
            logit.add(i, dot);
        }
        return logit;
    }

    /** Accumulates the parameter gradients and writes (overwrites) dx1 and dx2. */
    void backward(Tensor dLogit, Tensor dx1, Tensor dx2) {
        int n = dLogit.rows();
        Blas.gemm(x1, true, dLogit, false, w1.grad(), 1, 1);
        Blas.gemm(x2, true, dLogit, false, w2.grad(), 1, 1);
        Dense.addColumnSums(dLogit, bias.grad());
        // dScaled_i = dLogit_i · x2_i: then dW12 = x1ᵀ·dScaled and dx1 += dScaled·W12ᵀ; dx2 += dLogit_i · p_i
        dScaled = Tensors.sized(dScaled, type, n, width2);
        for (int i = 0; i < n; i++) {
            double d = dLogit.get(i);
            for (int k = 0; k < width2; k++) {
                int at = i * width2 + k;
                dScaled.set(at, d * x2.get(at));
                dx2.set(at, d * p.get(at));
            }
        }
        Blas.gemm(x1, true, dScaled, false, w12.grad(), 1, 1);
        Blas.gemm(dLogit, false, w1.value(), true, dx1, 1, 0);
        Blas.gemm(dScaled, false, w12.value(), true, dx1, 1, 1);
        Blas.gemm(dLogit, false, w2.value(), true, dx2, 1, 1);
    }
}
