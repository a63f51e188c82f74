package io.gprec.model;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * The group classifier g of Eq. 2: G independent MLPs [|E_u| → h1 → h2 → 2], one per group,
 * computed together. The G first layers share their input, so they are one GEMM with a
 * G·h1-wide output; the later layers are block-diagonal, computed as G GEMMs on column blocks
 * of the wide activations, in place (BLAS leading dimensions), never per sample.
 */
final class GroupClassifier {
    private final int in, groups, h1, h2;
    private final Params.Slot w1, b1, w2, b2, w3, b3;
    private final DataType type;
    private Tensor u, a1, a2, z, d1, d2, du;

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
        a1 = sized(a1, n, groups * h1);
        a2 = sized(a2, n, groups * h2);
        z = sized(z, n, groups * 2);
        Dense.addBias(a1, b1.value(), true);
        Blas.gemm(users, false, w1.value(), false, a1, 1, 1);
        Activation.RELU.apply(a1);
        Dense.addBias(a2, b2.value(), true);
        for (int g = 0; g < groups; g++) {
            Blas.gemm(a1, (long) g * h1, groups * h1, false, w2.value(), (long) g * h1 * h2, h2, false,
                    a2, (long) g * h2, groups * h2, n, h2, h1, 1, 1);
        }
        Activation.RELU.apply(a2);
        Dense.addBias(z, b3.value(), true);
        for (int g = 0; g < groups; g++) {
            Blas.gemm(a2, (long) g * h2, groups * h2, false, w3.value(), (long) g * h2 * 2, 2, false,
                    z, 2L * g, groups * 2, n, 2, h2, 1, 1);
        }
        return z;
    }

    /** Accumulates parameter gradients for dZ and returns dUsers [nu, in]. */
    Tensor backward(Tensor dz) {
        int n = dz.rows();
        d2 = sized(d2, n, groups * h2);
        d1 = sized(d1, n, groups * h1);
        du = sized(du, n, in);
        Dense.addColumnSums(dz, b3.grad());
        for (int g = 0; g < groups; g++) {
            // dW3_g += A2_gᵀ dZ_g ; dA2_g = dZ_g W3_gᵀ
            Blas.gemm(a2, (long) g * h2, groups * h2, true, dz, 2L * g, groups * 2, false,
                    w3.grad(), (long) g * h2 * 2, 2, h2, 2, n, 1, 1);
            Blas.gemm(dz, 2L * g, groups * 2, false, w3.value(), (long) g * h2 * 2, 2, true,
                    d2, (long) g * h2, groups * h2, n, h2, 2, 1, 0);
        }
        Activation.RELU.backward(a2, d2);
        Dense.addColumnSums(d2, b2.grad());
        for (int g = 0; g < groups; g++) {
            Blas.gemm(a1, (long) g * h1, groups * h1, true, d2, (long) g * h2, groups * h2, false,
                    w2.grad(), (long) g * h1 * h2, h2, h1, h2, n, 1, 1);
            Blas.gemm(d2, (long) g * h2, groups * h2, false, w2.value(), (long) g * h1 * h2, h2, true,
                    d1, (long) g * h1, groups * h1, n, h1, h2, 1, 0);
        }
        Activation.RELU.backward(a1, d1);
        Dense.addColumnSums(d1, b1.grad());
        Blas.gemm(u, true, d1, false, w1.grad(), 1, 1);
        Blas.gemm(d1, false, w1.value(), true, du, 1, 0);
        return du;
    }

    private Tensor sized(Tensor t, int rows, int cols) {
        return t == null ? Tensor.zeros(type, rows, cols) : t.withRows(rows);
    }
}
