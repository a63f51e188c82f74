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
        Blas.gemm(x, false, w.value(), false, y, 1, 0);
        addBias(y, b.value());
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

    static void addBias(Tensor y, Tensor bias) {
        int rows = y.rows(), cols = y.cols();
        for (int r = 0, i = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++, i++) y.add(i, bias.get(c));
        }
    }

    static void addColumnSums(Tensor dy, Tensor target) {
        int rows = dy.rows(), cols = dy.cols();
        double[] sums = new double[cols];
        for (int r = 0, i = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++, i++) sums[c] += dy.get(i);
        }
        for (int c = 0; c < cols; c++) target.add(c, sums[c]);
    }
}
