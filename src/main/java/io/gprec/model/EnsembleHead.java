package io.gprec.model;

import org.nd4j.linalg.api.buffer.DataType;

/** ŷ = (σ(f_b(r_b)) + σ(f_G(r_G)) + σ(f_P(r_P))) / k, k = 3, or 2 without r_P (Eqs. 17–18). */
final class EnsembleHead implements Head {
    private static final double CLIP = 1e-7;

    /** One ensemble member: a logit per row from its input, and the gradient back to that input. */
    interface Member {
        Tensor forward(Tensor x);

        /** Accumulates the member's parameter gradients; returns dx (owned by the member). */
        Tensor backward(Tensor dLogit);
    }

    private final Member fb, fg, fp;
    private Tensor lb, lg, lp;
    private final DataType type;
    private Tensor db, dg, dp;
    private double[] prob;

    EnsembleHead(Params params, DataType type, int baseWidth, int groupWidth, int individualWidth, int[] hidden) {
        this(params, type, mlp(params, "head.fb", type, baseWidth, hidden), groupWidth, individualWidth, hidden);
    }

    /** With the backbone's own prediction layer as f_b (FinalMLP's fusion), registered by the caller. */
    EnsembleHead(Params params, DataType type, Member base, int groupWidth, int individualWidth, int[] hidden) {
        this.type = type;
        fb = base;
        fg = mlp(params, "head.fG", type, groupWidth, hidden);
        fp = individualWidth > 0 ? mlp(params, "head.fP", type, individualWidth, hidden) : null;
    }

    /** An MLP member ending in one linear output unit. */
    static Member mlp(Params params, String name, DataType type, int width, int[] hidden) {
        Mlp f = new Mlp(params, name, type, width, hidden, 1, 0);
        Mlp.Tape tape = f.newTape();
        return new Member() {
            @Override public Tensor forward(Tensor x) { return f.forward(tape, x, false, null); }
            @Override public Tensor backward(Tensor dLogit) { return f.backward(tape, dLogit, true, true); }
        };
    }

    private int members() { return fp == null ? 2 : 3; }

    @Override
    public void forward(Tensor rb, Tensor rg, Tensor rp, double[] prob) {
        int n = rb.rows();
        lb = fb.forward(rb);
        lg = fg.forward(rg);
        lp = fp == null ? null : fp.forward(rp);
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
            dLogit(db, i, lb, dProb);
            dLogit(dg, i, lg, dProb);
            if (fp != null) dLogit(dp, i, lp, dProb);
        }
        dRb.copyFrom(fb.backward(db), 0, 0, dRb.size());
        dRg.copyFrom(fg.backward(dg), 0, 0, dRg.size());
        if (fp != null) dRp.copyFrom(fp.backward(dp), 0, 0, dRp.size());
    }

    private static void dLogit(Tensor d, int i, Tensor logit, double dProb) {
        double s = Head.sigmoid(logit.get(i));
        d.set(i, dProb * s * (1 - s));
    }

    private Tensor sized(Tensor t, int n) {
        return t == null ? Tensor.zeros(type, n, 1) : t.withRows(n);
    }
}
