package io.gprec.model;

/** Element-wise activations of dense layers, applied in place over a tensor's current rows. */
public enum Activation {
    RELU,
    IDENTITY;

    void apply(Tensor t) {
        if (this == IDENTITY) return;
        int n = t.size();
        for (int i = 0; i < n; i++) {
            if (t.get(i) < 0) t.set(i, 0);
        }
    }

    /** Multiplies the upstream gradient by the derivative, given this layer's output. */
    void backward(Tensor output, Tensor grad) {
        if (this == IDENTITY) return;
        int n = grad.size();
        for (int i = 0; i < n; i++) {
            if (output.get(i) <= 0) grad.set(i, 0);
        }
    }
}
