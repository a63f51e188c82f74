package io.gprec.model;

/** The backbone deep recommender that maps E to r_b (paper §III-D, Table III). */
public enum BackboneKind {
    /** ReLU MLP 64-32-16 (the paper's default backbone). */
    MLP,
    /** Deep &amp; Cross Network [21]: cross network and deep MLP in parallel. */
    DCN,
    /** Gated Deep Cross Network [22] (GDCN-P): gated cross network and deep MLP in parallel. */
    GDCN,
    /** DeepFM [39]: FM pairwise interactions and deep MLP in parallel. */
    DEEPFM,
    /** FinalMLP [33]: two gated MLP streams fused by a bilinear prediction layer. */
    FINALMLP
}
