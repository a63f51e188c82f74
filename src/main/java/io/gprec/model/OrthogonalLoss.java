package io.gprec.model;

/** L_O of Eq. 13: the signed cosine (as the paper writes it) or its absolute value. */
public enum OrthogonalLoss {
    /** Minimising cos(r_G, r_P) pushes the two apart, towards opposite directions (the paper's Eq. 13). */
    SIGNED,
    /** Minimising |cos(r_G, r_P)| pushes them towards orthogonal. */
    ABSOLUTE
}
