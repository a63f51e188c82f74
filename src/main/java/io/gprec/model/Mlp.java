package io.gprec.model;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * A multi-layer perceptron: ReLU hidden layers (with inverted dropout in training when asked)
 * and an optional linear output layer. Activations live in a {@link Tape}, so one MLP can run
 * on two inputs in the same step (f1 on r_G and on r_G^Con).
 */
final class Mlp {
    private final Dense[] layers;
    private final boolean hasOutput;
    private final double dropout;
    private final DataType type;

    /**
     * @param out width of the linear output layer, or 0 for none (the last hidden layer is the output)
     */
    Mlp(Params params, String name, DataType type, int in, int[] hidden, int out, double dropout) {
        if (dropout < 0 || dropout >= 1) throw new IllegalArgumentException("dropout must be in [0,1), got " + dropout);
        this.type = type;
        this.hasOutput = out > 0;
        this.dropout = dropout;
        this.layers = new Dense[hidden.length + (hasOutput ? 1 : 0)];
        int width = in;
        for (int i = 0; i < hidden.length; i++) {
            layers[i] = new Dense(params, name + ".h" + i, width, hidden[i]);
            width = hidden[i];
        }
        if (hasOutput) layers[hidden.length] = new Dense(params, name + ".out", width, out);
    }

    int inputWidth() { return layers[0].in; }

    int outputWidth() { return layers[layers.length - 1].out; }

    Dense layer(int i) { return layers[i]; }

    int layerCount() { return layers.length; }

    private boolean isHidden(int i) { return !hasOutput || i < layers.length - 1; }

    /** Activations of one forward pass, reused across steps. */
    final class Tape {
        Tensor input;
        final Tensor[] outs = new Tensor[layers.length];
        final Tensor[] masks = new Tensor[layers.length];
        final Tensor[] grads = new Tensor[layers.length];
        Tensor inputGrad;

        Tensor output() { return outs[layers.length - 1]; }
    }

    Tape newTape() { return new Tape(); }

    Tensor forward(Tape tape, Tensor x, boolean training, Rng rng) {
        return forwardFrom(tape, 0, x, training, rng);
    }

    /** Runs layers from {@code first} on (the DP head computes its first layer itself). */
    Tensor forwardFrom(Tape tape, int first, Tensor x, boolean training, Rng rng) {
        int n = x.rows();
        tape.input = x;
        Tensor cur = x;
        for (int i = first; i < layers.length; i++) {
            Tensor y = tape.outs[i] = sized(tape.outs[i], n, layers[i].out);
            // hidden layers add their bias in the activation pass: one pass over y instead of two
            if (isHidden(i) && Tensor.fusesBias(y.cols())) {
                layers[i].forwardWithoutBias(cur, y);
                cur = activate(tape, i, y, layers[i].b.value(), training, rng);
            } else {
                layers[i].forward(cur, y);
                cur = activate(tape, i, y, null, training, rng);
            }
        }
        return cur;
    }

    /** Applies layer i's bias (when not null), activation and dropout to its pre-activation y, in place. */
    Tensor activate(Tape tape, int i, Tensor y, Tensor bias, boolean training, Rng rng) {
        if (!isHidden(i)) return y;
        if (training && dropout > 0) {
            Tensor mask = tape.masks[i] = sized(tape.masks[i], y.rows(), y.cols());
            // four 16-bit draws per 64-bit number: the keep probability is exact to 1/65536
            y.reluDropoutInPlace(bias, mask, rng, Math.round((1 - dropout) * 65536), 1 / (1 - dropout));
        } else {
            y.biasReluInPlace(bias);
            if (tape.masks[i] != null) tape.masks[i].withRows(0);
        }
        return y;
    }

    /**
     * Back-propagates the gradient of the output. {@code paramGrads} false = weights frozen for
     * this pass (gradient still flows to the input). Returns dInput, or null if not needed.
     */
    Tensor backward(Tape tape, Tensor dOut, boolean paramGrads, boolean needInputGrad) {
        return backwardTo(tape, 0, dOut, paramGrads, needInputGrad);
    }

    /** Back-propagates down to layer {@code first}; returns the gradient of that layer's input. */
    Tensor backwardTo(Tape tape, int first, Tensor dOut, boolean paramGrads, boolean needInputGrad) {
        int n = dOut.rows();
        Tensor g = dOut;
        for (int i = layers.length - 1; i >= first; i--) {
            if (isHidden(i)) {
                Tensor copy = tape.grads[i] = sized(tape.grads[i], n, layers[i].out);
                if (copy != g) copy.copyFrom(g, 0, 0, g.size());
                Tensor mask = tape.masks[i];
                if (mask != null && mask.rows() == n) copy.mulInPlace(mask);
                Activation.RELU.backward(tape.outs[i], copy);
                g = copy;
            }
            Tensor x = i == first ? tape.input : tape.outs[i - 1];
            Tensor dx = null;
            if (i > first) {
                dx = tape.grads[i - 1] = sized(tape.grads[i - 1], n, layers[i].in);
            } else if (needInputGrad) {
                dx = tape.inputGrad = sized(tape.inputGrad, n, layers[i].in);
            }
            layers[i].backward(x, g, dx, paramGrads);
            g = dx;
        }
        return needInputGrad ? tape.inputGrad : null;
    }

    Tensor sized(Tensor t, int rows, int cols) {
        return t == null ? Tensor.zeros(type, rows, cols) : t.withRows(rows);
    }
}
