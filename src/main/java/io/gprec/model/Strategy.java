package io.gprec.model;

/** How GPRec's r_G and r_P join the backbone (paper §III-D). */
public enum Strategy {
    /** ŷ = f_y([r_b, r_G, r_P]) (Eq. 14). */
    INPUT,
    /** ŷ = f_y(r_b; θ_y + W_DP), W_DP = reshape(f_DP([r_G, r_P])) (Eqs. 15–16). */
    DP,
    /** ŷ = (f_b(r_b) + f_G(r_G) + f_P(r_P)) / 3 (Eqs. 17–18). */
    ENSEMBLE
}
