package io.gprec.model;

/** A fully connected layer y = x·W + b over the rows of a batch. */
final class Dense {
    final int in, out;
    final Params.Slot w, b;

    Dense(Params params, String name, int in, int out) {
        this.in = in;
        this.out = out;
        this.w = params.add(name + ".W", in, out, Params.Init.XAVIER_UNIFORM);
        this.b = params.add(name + ".b", 1, out, Params.Init.ZERO);
    }

    void forward(Tensor x, Tensor y) {
        addBias(y, b.value(), true);
        Blas.gemm(x, false, w.value(), false, y, 1, 1);
    }

    /** y = x·W, the bias left to the caller's activation pass ({@link Tensor#biasReluInPlace}). */
    void forwardWithoutBias(Tensor x, Tensor y) {
        Blas.gemm(x, false, w.value(), false, y, 1, 0);
    }

    /**
     * Back-propagates dy: accumulates dW and db when {@code paramGrads} (off for frozen uses of the
     * layer), and writes dx = dy·Wᵀ when dx is not null.
     */
    void backward(Tensor x, Tensor dy, Tensor dx, boolean paramGrads) {
        if (paramGrads) {
            Blas.gemm(x, true, dy, false, w.grad(), 1, 1);
            addColumnSums(dy, b.grad());
        }
        if (dx != null) {
            Blas.gemm(dy, false, w.value(), true, dx, 1, 0);
        }
    }

    /** y += bias on every row, or y = bias when {@code overwrite}. */
    static void addBias(Tensor y, Tensor bias, boolean overwrite) {
        Blas.broadcastRow(bias, 0, y, 0, y.cols(), y.rows(), y.cols(), overwrite ? 0 : 1);
    }

    static void addColumnSums(Tensor dy, Tensor target) {
        Blas.addColumnSums(dy, 0, dy.cols(), dy.rows(), dy.cols(), target, 0);
    }
}
