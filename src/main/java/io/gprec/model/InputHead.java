package io.gprec.model;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * ŷ = σ(f_y([r_b, r_G, r_P])) (Eq. 14). With no r_G and r_P and no hidden layers it is the base
 * model's output layer, so base and GPRec-input share one code path.
 */
final class InputHead implements Head {
    private final Mlp fy;
    private final DataType type;
    private final Mlp.Tape tape;
    private Tensor x, dLogit;
    private double[] prob;

    InputHead(Params params, DataType type, int width, int[] hidden) {
        this.type = type;
        this.fy = new Mlp(params, "head.fy", type, width, hidden, 1, 0);
        this.tape = fy.newTape();
    }

    @Override
    public void forward(Tensor rb, Tensor rg, Tensor rp, double[] prob) {
        int n = rb.rows();
        Tensor in = rb;
        if (rg != null || rp != null) {
            x = x == null ? Tensor.zeros(type, n, fy.inputWidth()) : x.withRows(n);
            Concat.into(x, rb, rg, rp);
            in = x;
        }
        Tensor logit = fy.forward(tape, in, false, null);
        for (int i = 0; i < n; i++) prob[i] = Head.sigmoid(logit.get(i));
        this.prob = prob;
    }

    @Override
    public void backward(float[] labels, double scale, Tensor dRb, Tensor dRg, Tensor dRp) {
        int n = dRb.rows();
        dLogit = dLogit == null ? Tensor.zeros(type, n, 1) : dLogit.withRows(n);
        for (int i = 0; i < n; i++) dLogit.set(i, scale * (prob[i] - labels[i]));
        Tensor dIn = fy.backward(tape, dLogit, true, true);
        if (dRg == null && dRp == null) dRb.copyFrom(dIn, 0, 0, dIn.size());
        else Concat.split(dIn, dRb, dRg, dRp);
    }
}
