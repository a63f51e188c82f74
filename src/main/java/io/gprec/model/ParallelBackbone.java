package io.gprec.model;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * An interaction part and a deep MLP side by side on the same E, r_b = [interaction(E), deep(E)]:
 * DCN and GDCN-P (cross network), DeepFM (FM). The prediction layer on r_b then weighs both
 * parts, as the original models' final linear layer over their concatenated outputs does.
 */
final class ParallelBackbone implements Backbone {
    private final Interaction interaction;
    private final Mlp deep;
    private final Mlp.Tape tape;
    private final DataType type;
    private Tensor out, dInteraction, dDeep;

    ParallelBackbone(Interaction interaction, Mlp deep, DataType type) {
        this.interaction = interaction;
        this.deep = deep;
        this.tape = deep.newTape();
        this.type = type;
    }

    @Override
    public int outputWidth() { return interaction.outputWidth() + deep.outputWidth(); }

    @Override
    public Tensor forward(Tensor e, boolean training, Rng rng) {
        int n = e.rows();
        Tensor a = interaction.forward(e);
        Tensor b = deep.forward(tape, e, training, rng);
        out = Tensors.sized(out, type, n, outputWidth());
        Concat.into(out, a, b);
        return out;
    }

    @Override
    public Tensor backward(Tensor dRb) {
        int n = dRb.rows();
        dInteraction = Tensors.sized(dInteraction, type, n, interaction.outputWidth());
        dDeep = Tensors.sized(dDeep, type, n, deep.outputWidth());
        Concat.split(dRb, dInteraction, dDeep);
        Tensor dE = deep.backward(tape, dDeep, true, true);
        Tensor dEi = interaction.backward(dInteraction);
        dE.addFrom(dEi, 0, 0, dE.size());
        return dE;
    }
}
