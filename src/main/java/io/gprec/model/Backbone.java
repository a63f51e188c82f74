package io.gprec.model;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * Maps the concatenated field embeddings E [n × F·d] to the base representation r_b, with its
 * parameters registered in the model's {@link Params}. GPRec attaches to r_b (paper §III-D).
 */
interface Backbone {
    int outputWidth();

    /** r_b for each row of e; e must stay unchanged until {@link #backward}. */
    Tensor forward(Tensor e, boolean training, Rng rng);

    /** Accumulates parameter gradients from dRb and returns dE (owned by the backbone, overwritten next step). */
    Tensor backward(Tensor dRb);

    static Backbone create(GprecConfig config, Params params, DataType type, FieldLayout layout) {
        int dim = config.embeddingDim, width = layout.fieldCount() * dim;
        return switch (config.backbone) {
            // the MLP keeps its historical parameter names ("backbone.h0.W", ...): snapshots stay loadable
            case MLP -> new MlpBackbone(new Mlp(params, "backbone", type, width, config.backboneHidden, 0, config.dropout));
            case DCN -> new ParallelBackbone(new CrossNetwork(params, type, width, CrossNetwork.LAYERS, false),
                    new Mlp(params, "backbone.deep", type, width, config.backboneHidden, 0, config.dropout), type);
            case GDCN -> new ParallelBackbone(new CrossNetwork(params, type, width, CrossNetwork.LAYERS, true),
                    new Mlp(params, "backbone.deep", type, width, config.backboneHidden, 0, config.dropout), type);
            case DEEPFM -> new ParallelBackbone(new FmInteraction(type, layout.fieldCount(), dim),
                    new Mlp(params, "backbone.deep", type, width, config.backboneHidden, 0, config.dropout), type);
            case FINALMLP -> new FinalMlpStreams(params, type, config, layout);
        };
    }

    /** The MLP backbone: r_b is its last hidden layer. */
    final class MlpBackbone implements Backbone {
        private final Mlp mlp;
        private final Mlp.Tape tape;

        MlpBackbone(Mlp mlp) {
            this.mlp = mlp;
            this.tape = mlp.newTape();
        }

        @Override public int outputWidth() { return mlp.outputWidth(); }

        @Override public Tensor forward(Tensor e, boolean training, Rng rng) { return mlp.forward(tape, e, training, rng); }

        @Override public Tensor backward(Tensor dRb) { return mlp.backward(tape, dRb, true, true); }
    }
}
