package io.gprec.model;

/**
 * Which model to train: the backbone alone, the backbone with GPRec, or the DGPM-like baseline
 * (paper Table III): one embedding per group with softmax division (as the GPRec-1 ablation), no
 * individual level, no auxiliary losses, joined by dynamic parameters only.
 */
public enum ModelKind { BASE, GPREC, DGPM }
