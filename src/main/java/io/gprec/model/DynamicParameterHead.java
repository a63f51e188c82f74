package io.gprec.model;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * ŷ = σ(f_y(r_b; θ_y + W_DP)) with W_DP = reshape(f_DP([r_G, r_P])) (Eqs. 15–16): a linear f_DP
 * generates, per example, an additive correction to the weights of f_y's first layer
 * (|r_b| × h1), so the first layer computes r_b·(W + W_DP,i) + b for each row i.
 */
final class DynamicParameterHead implements Head {
    private final Mlp fy;
    private final Dense fdp;
    private final Mlp.Tape tape;
    private final DataType type;
    private final int in, h1;
    private Tensor userRep, generated, a1, dA1, dGenerated, dUserRep, dLogit;
    private Tensor rb;
    private double[] prob;

    DynamicParameterHead(Params params, DataType type, int baseWidth, int userWidth, int[] hidden) {
        if (hidden.length == 0) {
            throw new IllegalArgumentException("the DP strategy generates f_y's first hidden layer: head hidden layers must not be empty");
        }
        this.type = type;
        this.in = baseWidth;
        this.h1 = hidden[0];
        this.fy = new Mlp(params, "head.fy", type, baseWidth, hidden, 1, 0);
        this.fdp = new Dense(params, "head.fDP", userWidth, baseWidth * h1);
        this.tape = fy.newTape();
    }

    @Override
    public void forward(Tensor rb, Tensor rg, Tensor rp, double[] prob) {
        int n = rb.rows();
        this.rb = rb;
        userRep = sized(userRep, n, fdp.in);
        Concat.into(userRep, rg, rp);
        generated = sized(generated, n, in * h1);
        fdp.forward(userRep, generated);
        a1 = sized(a1, n, h1);
        fy.layer(0).forward(rb, a1);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < in; k++) {
                double x = rb.get(i * in + k);
                int base = i * in * h1 + k * h1;
                for (int j = 0; j < h1; j++) a1.add(i * h1 + j, x * generated.get(base + j));
            }
        }
        Activation.RELU.apply(a1);
        Tensor logit = fy.forwardFrom(tape, 1, a1, false, null);
        for (int i = 0; i < n; i++) prob[i] = Head.sigmoid(logit.get(i));
        this.prob = prob;
    }

    @Override
    public void backward(float[] labels, double scale, Tensor dRb, Tensor dRg, Tensor dRp) {
        int n = rb.rows();
        dLogit = sized(dLogit, n, 1);
        for (int i = 0; i < n; i++) dLogit.set(i, scale * (prob[i] - labels[i]));
        Tensor dAct = fy.backwardTo(tape, 1, dLogit, true, true);
        dA1 = sized(dA1, n, h1);
        dA1.copyFrom(dAct, 0, 0, dAct.size());
        Activation.RELU.backward(a1, dA1);
        fy.layer(0).backward(rb, dA1, dRb, true);
        dGenerated = sized(dGenerated, n, in * h1);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < in; k++) {
                double x = rb.get(i * in + k);
                int base = i * in * h1 + k * h1;
                double dx = 0;
                for (int j = 0; j < h1; j++) {
                    double d = dA1.get(i * h1 + j);
                    dGenerated.set(base + j, x * d);
                    dx += d * generated.get(base + j);
                }
                dRb.add(i * in + k, dx);
            }
        }
        dUserRep = sized(dUserRep, n, fdp.in);
        fdp.backward(userRep, dGenerated, dUserRep, true);
        Concat.split(dUserRep, dRg, dRp);
    }

    private Tensor sized(Tensor t, int rows, int cols) {
        return t == null ? Tensor.zeros(type, rows, cols) : t.withRows(rows);
    }
}
