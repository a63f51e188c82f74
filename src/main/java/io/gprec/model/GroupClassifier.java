package io.gprec.model;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * The group classifier g of Eq. 2: G independent MLPs [|E_u| → h1 → h2 → 2], one per group,
 * computed together, never per group per sample. The activations are kept transposed
 * (features × users): then the G first layers are one GEMM whose output rows come in G
 * contiguous blocks, and each later block-diagonal layer is G GEMMs on contiguous blocks with
 * all users as the wide dimension. (Keeping users as rows made the block GEMMs strided and ran
 * them at a quarter of the speed.)
 */
final class GroupClassifier {
    private final int in, groups, h1, h2;
    private final Params.Slot w1, b1, w2, b2, w3, b3;
    private final DataType type;
    private Tensor u, a1, a2, zt, z, dzt, d1, d2, du;

    GroupClassifier(Params params, DataType type, int in, int groups, int h1, int h2) {
        this.type = type;
        this.in = in;
        this.groups = groups;
        this.h1 = h1;
        this.h2 = h2;
        w1 = params.add("classifier.W1", in, groups * h1, Params.Init.XAVIER_UNIFORM, in, h1);
        b1 = params.add("classifier.b1", 1, groups * h1, Params.Init.ZERO);
        w2 = params.add("classifier.W2", groups * h1, h2, Params.Init.XAVIER_UNIFORM, h1, h2);
        b2 = params.add("classifier.b2", 1, groups * h2, Params.Init.ZERO);
        w3 = params.add("classifier.W3", groups * h2, 2, Params.Init.XAVIER_UNIFORM, h2, 2);
        b3 = params.add("classifier.b3", 1, groups * 2, Params.Init.ZERO);
    }

    /** Scores for each user row of {@code users}: [nu, 2G], columns (s_g^1, s_g^0) per group, as logits. */
    Tensor forward(Tensor users) {
        int n = users.rows();
        u = users;
        a1 = sized(a1, groups * h1, n);
        a2 = sized(a2, groups * h2, n);
        zt = sized(zt, groups * 2, n);
        // A1ᵀ = relu(W1ᵀ·Uᵀ + b1·1ᵀ); biases are added in the ReLU pass (a rank-1 GEMM for them cost a pass of its own)
        Blas.gemm(w1.value(), 0, groups * h1, true, users, 0, in, true, a1, 0, n, groups * h1, n, in, 1, 0);
        a1.addRowBiasInPlace(b1.value(), true);
        for (int g = 0; g < groups; g++) {
            // A2ᵀ_g = W2_gᵀ·A1ᵀ_g
            Blas.gemm(w2.value(), (long) g * h1 * h2, h2, true, a1, (long) g * h1 * n, n, false,
                    a2, (long) g * h2 * n, n, h2, n, h1, 1, 0);
        }
        a2.addRowBiasInPlace(b2.value(), true);
        for (int g = 0; g < groups; g++) {
            Blas.gemm(w3.value(), (long) g * h2 * 2, 2, true, a2, (long) g * h2 * n, n, false,
                    zt, 2L * g * n, n, 2, n, h2, 1, 0);
        }
        zt.addRowBiasInPlace(b3.value(), false);
        z = sized(z, n, groups * 2);
        transpose(zt, z, groups * 2, n);
        return z;
    }

    /** Accumulates parameter gradients for dZ [nu, 2G] and returns dUsers [nu, in]. */
    Tensor backward(Tensor dz) {
        int n = dz.rows();
        dzt = sized(dzt, groups * 2, n);
        transpose(dz, dzt, n, groups * 2);
        d2 = sized(d2, groups * h2, n);
        d1 = sized(d1, groups * h1, n);
        du = sized(du, n, in);
        Blas.addRowSums(dzt, groups * 2, n, b3.grad());
        for (int g = 0; g < groups; g++) {
            // dW3_g += A2ᵀ_g·dZᵀ_gᵀ ; dA2ᵀ_g = W3_g·dZᵀ_g
            Blas.gemm(a2, (long) g * h2 * n, n, false, dzt, 2L * g * n, n, true,
                    w3.grad(), (long) g * h2 * 2, 2, h2, 2, n, 1, 1);
            Blas.gemm(w3.value(), (long) g * h2 * 2, 2, false, dzt, 2L * g * n, n, false,
                    d2, (long) g * h2 * n, n, h2, n, 2, 1, 0);
        }
        d2.zeroWhereNotPositive(a2);
        Blas.addRowSums(d2, groups * h2, n, b2.grad());
        for (int g = 0; g < groups; g++) {
            Blas.gemm(a1, (long) g * h1 * n, n, false, d2, (long) g * h2 * n, n, true,
                    w2.grad(), (long) g * h1 * h2, h2, h1, h2, n, 1, 1);
            Blas.gemm(w2.value(), (long) g * h1 * h2, h2, false, d2, (long) g * h2 * n, n, false,
                    d1, (long) g * h1 * n, n, h1, n, h2, 1, 0);
        }
        d1.zeroWhereNotPositive(a1);
        Blas.addRowSums(d1, groups * h1, n, b1.grad());
        // dW1 += Uᵀ·dA1 ; dU = dA1·W1ᵀ, with dA1 held transposed
        Blas.gemm(u, 0, in, true, d1, 0, n, true, w1.grad(), 0, groups * h1, in, groups * h1, n, 1, 1);
        Blas.gemm(d1, 0, n, true, w1.value(), 0, groups * h1, true, du, 0, in, n, in, groups * h1, 1, 0);
        return du;
    }

    private static void transpose(Tensor src, Tensor dst, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) dst.set(c * rows + r, src.get(r * cols + c));
        }
    }

    private Tensor sized(Tensor t, int rows, int cols) {
        return Tensor.reshape(t, type, rows, cols);
    }
}
