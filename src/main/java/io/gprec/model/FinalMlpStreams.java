package io.gprec.model;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * FinalMLP's two streams [33]: each an MLP (the backbone widths, dropout) on the embeddings
 * re-weighted by its own feature-selection gate, x_k = E ⊙ 2σ(c_k·W_k + b_k), with the user
 * fields E_u as the context of stream 1 and the item fields E_v as that of stream 2 (FinalMLP's
 * stream-specific feature selection, here one linear layer per gate). r_b = [o_1, o_2]; the
 * prediction layer is FinalMLP's bilinear fusion ({@link BilinearFusion}), not an MLP, which is
 * why the dynamic-parameter strategy does not apply (paper §IV-B, Table III).
 */
final class FinalMlpStreams implements Backbone {
    private final Mlp stream1, stream2;
    private final Mlp.Tape tape1, tape2;
    private final Params.Slot w1, b1, w2, b2;
    private final DataType type;
    private final int width, userWidth, itemWidth;
    private Tensor e, gate1, gate2, x1, x2, out, dO1, dO2, dE, dz;

    FinalMlpStreams(Params params, DataType type, GprecConfig config, FieldLayout layout) {
        this.type = type;
        int dim = config.embeddingDim;
        this.width = layout.fieldCount() * dim;
        this.userWidth = layout.userFieldCount() * dim;
        this.itemWidth = layout.item().length * dim;
        w1 = params.add("backbone.select1.W", userWidth, width, Params.Init.XAVIER_UNIFORM);
        b1 = params.add("backbone.select1.b", 1, width, Params.Init.ZERO);
        w2 = params.add("backbone.select2.W", itemWidth, width, Params.Init.XAVIER_UNIFORM);
        b2 = params.add("backbone.select2.b", 1, width, Params.Init.ZERO);
        stream1 = new Mlp(params, "backbone.stream1", type, width, config.backboneHidden, 0, config.dropout);
        stream2 = new Mlp(params, "backbone.stream2", type, width, config.backboneHidden, 0, config.dropout);
        tape1 = stream1.newTape();
        tape2 = stream2.newTape();
    }

    /** Width of o_1, the first block of r_b. */
    int firstStreamWidth() { return stream1.outputWidth(); }

    @Override
    public int outputWidth() { return stream1.outputWidth() + stream2.outputWidth(); }

    @Override
    public Tensor forward(Tensor e, boolean training, Rng rng) {
        int n = e.rows();
        this.e = e;
        gate1 = gate(gate1, e, 0, userWidth, w1, b1, n);
        gate2 = gate(gate2, e, userWidth, itemWidth, w2, b2, n);
        x1 = Tensors.sized(x1, type, n, width);
        x2 = Tensors.sized(x2, type, n, width);
        for (int i = 0, size = n * width; i < size; i++) {
            double v = e.get(i);
            x1.set(i, v * gate1.get(i));
            x2.set(i, v * gate2.get(i));
        }
        Tensor o1 = stream1.forward(tape1, x1, training, rng);
        Tensor o2 = stream2.forward(tape2, x2, training, rng);
        out = Tensors.sized(out, type, n, outputWidth());
        Concat.into(out, o1, o2);
        return out;
    }

    /** 2σ(E[:, from, from+len)·W + b): a gate in (0, 2), 1 at initialisation. */
    private Tensor gate(Tensor g, Tensor e, int from, int len, Params.Slot w, Params.Slot b, int n) {
        g = Tensors.sized(g, type, n, width);
        Dense.addBias(g, b.value(), true);
        Blas.gemm(e, from, width, false, w.value(), 0, width, false, g, 0, width, n, width, len, 1, 1);
        for (int i = 0, size = n * width; i < size; i++) g.set(i, 2 * Head.sigmoid(g.get(i)));
        return g;
    }

    @Override
    public Tensor backward(Tensor dRb) {
        int n = dRb.rows();
        dO1 = Tensors.sized(dO1, type, n, stream1.outputWidth());
        dO2 = Tensors.sized(dO2, type, n, stream2.outputWidth());
        Concat.split(dRb, dO1, dO2);
        Tensor dx1 = stream1.backward(tape1, dO1, true, true);
        dE = Tensors.sized(dE, type, n, width);
        for (int i = 0, size = n * width; i < size; i++) dE.set(i, dx1.get(i) * gate1.get(i));
        gateBackward(dx1, gate1, 0, userWidth, w1, b1, n);
        Tensor dx2 = stream2.backward(tape2, dO2, true, true);
        for (int i = 0, size = n * width; i < size; i++) dE.add(i, dx2.get(i) * gate2.get(i));
        gateBackward(dx2, gate2, userWidth, itemWidth, w2, b2, n);
        return dE;
    }

    /** From dx = ∂L/∂(E ⊙ gate): into the gate's W and b, and into dE's context columns. */
    private void gateBackward(Tensor dx, Tensor gate, int from, int len, Params.Slot w, Params.Slot b, int n) {
        dz = Tensors.sized(dz, type, n, width);
        for (int i = 0, size = n * width; i < size; i++) {
            double gv = gate.get(i);
            dz.set(i, dx.get(i) * e.get(i) * gv * (1 - gv / 2)); // d(2σ(z))/dz = gate·(1 − gate/2)
        }
        Blas.gemm(e, from, width, true, dz, 0, width, false, w.grad(), 0, width, len, width, n, 1, 1);
        Dense.addColumnSums(dz, b.grad());
        Blas.gemm(dz, 0, width, false, w.value(), 0, width, true, dE, from, width, n, len, width, 1, 1);
    }
}
