package io.gprec.model;

import org.nd4j.linalg.api.buffer.DataType;

/** ŷ = (σ(f_b(r_b)) + σ(f_G(r_G)) + σ(f_P(r_P))) / k, k = 3, or 2 without r_P (Eqs. 17–18). */
final class EnsembleHead implements Head {
    private static final double CLIP = 1e-7;
    private final Mlp fb, fg, fp;
    private final Mlp.Tape tb, tg, tp;
    private final DataType type;
    private Tensor db, dg, dp;
    private double[] prob;

    EnsembleHead(Params params, DataType type, int baseWidth, int groupWidth, int individualWidth, int[] hidden) {
        this.type = type;
        fb = new Mlp(params, "head.fb", type, baseWidth, hidden, 1, 0);
        fg = new Mlp(params, "head.fG", type, groupWidth, hidden, 1, 0);
        fp = individualWidth > 0 ? new Mlp(params, "head.fP", type, individualWidth, hidden, 1, 0) : null;
        tb = fb.newTape();
        tg = fg.newTape();
        tp = fp == null ? null : fp.newTape();
    }

    private int members() { return fp == null ? 2 : 3; }

    @Override
    public void forward(Tensor rb, Tensor rg, Tensor rp, double[] prob) {
        int n = rb.rows();
        Tensor lb = fb.forward(tb, rb, false, null);
        Tensor lg = fg.forward(tg, rg, false, null);
        Tensor lp = fp == null ? null : fp.forward(tp, rp, false, null);
        for (int i = 0; i < n; i++) {
            double s = Head.sigmoid(lb.get(i)) + Head.sigmoid(lg.get(i)) + (lp == null ? 0 : Head.sigmoid(lp.get(i)));
            prob[i] = s / members();
        }
        this.prob = prob;
    }

    @Override
    public void backward(float[] labels, double scale, Tensor dRb, Tensor dRg, Tensor dRp) {
        int n = dRb.rows();
        db = sized(db, n);
        dg = sized(dg, n);
        if (fp != null) dp = sized(dp, n);
        for (int i = 0; i < n; i++) {
            double p = Math.min(1 - CLIP, Math.max(CLIP, prob[i]));
            double dProb = scale * (p - labels[i]) / (p * (1 - p)) / members();
            dLogit(db, i, tb, dProb);
            dLogit(dg, i, tg, dProb);
            if (fp != null) dLogit(dp, i, tp, dProb);
        }
        dRb.copyFrom(fb.backward(tb, db, true, true), 0, 0, dRb.size());
        dRg.copyFrom(fg.backward(tg, dg, true, true), 0, 0, dRg.size());
        if (fp != null) dRp.copyFrom(fp.backward(tp, dp, true, true), 0, 0, dRp.size());
    }

    private static void dLogit(Tensor d, int i, Mlp.Tape tape, double dProb) {
        double s = Head.sigmoid(tape.output().get(i));
        d.set(i, dProb * s * (1 - s));
    }

    private Tensor sized(Tensor t, int n) {
        return t == null ? Tensor.zeros(type, n, 1) : t.withRows(n);
    }
}
