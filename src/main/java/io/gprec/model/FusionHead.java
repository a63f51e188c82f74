package io.gprec.model;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * FinalMLP's own prediction layer as the head, r_b = [o_1, o_2]: ŷ = σ(fusion(x_1, o_2)) with
 * x_1 = o_1 for the base model and x_1 = [o_1, r_G, r_P] for GPRec's input strategy (Eq. 14 with
 * f_y = the bilinear fusion). r_G and r_P describe the user, as stream 1 does (its gate reads the
 * user fields), so they join that side of the fusion and interact bilinearly with the item-side
 * stream o_2.
 */
final class FusionHead implements Head {
    private final BilinearFusion fusion;
    private final DataType type;
    private final int first, second;
    private Tensor o2, x1, dLogit, dx1, dx2, dO1;
    private double[] prob;

    FusionHead(Params params, DataType type, int firstStream, int secondStream, int userWidth) {
        this.type = type;
        this.first = firstStream;
        this.second = secondStream;
        this.fusion = new BilinearFusion(params, "head.fusion", type, firstStream + userWidth, secondStream);
    }

    @Override
    public void forward(Tensor rb, Tensor rg, Tensor rp, double[] prob) {
        int n = rb.rows();
        x1 = Tensors.sized(x1, type, n, fusion.width1);
        o2 = Tensors.sized(o2, type, n, second);
        dO1 = Tensors.sized(dO1, type, n, first);
        Concat.split(rb, dO1, o2); // dO1 as scratch for o_1 here
        Concat.into(x1, dO1, rg, rp);
        Tensor logit = fusion.forward(x1, o2);
        for (int i = 0; i < n; i++) prob[i] = Head.sigmoid(logit.get(i));
        this.prob = prob;
    }

    @Override
    public void backward(float[] labels, double scale, Tensor dRb, Tensor dRg, Tensor dRp) {
        int n = dRb.rows();
        dLogit = Tensors.sized(dLogit, type, n, 1);
        for (int i = 0; i < n; i++) dLogit.set(i, scale * (prob[i] - labels[i]));
        dx1 = Tensors.sized(dx1, type, n, fusion.width1);
        dx2 = Tensors.sized(dx2, type, n, second);
        fusion.backward(dLogit, dx1, dx2);
        Concat.split(dx1, dO1, dRg, dRp);
        Concat.into(dRb, dO1, dx2);
    }

    /** The fusion as the base member of the ensemble strategy: a logit from r_b alone. */
    static EnsembleHead.Member member(Params params, DataType type, int firstStream, int secondStream) {
        return new EnsembleHead.Member() {
            private final FusionHead inner = new FusionHead(params, type, firstStream, secondStream, 0);
            private Tensor dOut;

            @Override
            public Tensor forward(Tensor rb) {
                int n = rb.rows();
                inner.x1 = Tensors.sized(inner.x1, type, n, firstStream);
                inner.o2 = Tensors.sized(inner.o2, type, n, secondStream);
                Concat.split(rb, inner.x1, inner.o2);
                return inner.fusion.forward(inner.x1, inner.o2);
            }

            @Override
            public Tensor backward(Tensor dLogit) {
                int n = dLogit.rows();
                inner.dx1 = Tensors.sized(inner.dx1, type, n, firstStream);
                inner.dx2 = Tensors.sized(inner.dx2, type, n, secondStream);
                inner.fusion.backward(dLogit, inner.dx1, inner.dx2);
                dOut = Tensors.sized(dOut, type, n, firstStream + secondStream);
                Concat.into(dOut, inner.dx1, inner.dx2);
                return dOut;
            }
        };
    }
}
