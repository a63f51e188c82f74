package io.gprec.model;

/** Which model to train: the backbone alone, or the backbone with GPRec. */
public enum ModelKind { BASE, GPREC }
