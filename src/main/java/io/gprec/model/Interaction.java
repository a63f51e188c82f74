package io.gprec.model;

/** An explicit feature-interaction part of a backbone (cross network, FM), run next to a deep MLP. */
interface Interaction {
    int outputWidth();

    /** The interaction vector for each row of e; e must stay unchanged until {@link #backward}. */
    Tensor forward(Tensor e);

    /** Accumulates parameter gradients and returns dE (owned by the part, overwritten next step). */
    Tensor backward(Tensor dOut);
}
