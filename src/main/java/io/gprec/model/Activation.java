package io.gprec.model;

/** Element-wise activations of dense layers, applied in place over a tensor's current rows. */
public enum Activation {
    RELU,
    IDENTITY;

    void apply(Tensor t) {
        if (this == IDENTITY) return;
        t.reluInPlace();
    }

    /** Multiplies the upstream gradient by the derivative, given this layer's output. */
    void backward(Tensor output, Tensor grad) {
        if (this == IDENTITY) return;
        grad.zeroWhereNotPositive(output);
    }
}
