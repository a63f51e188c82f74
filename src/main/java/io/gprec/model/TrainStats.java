package io.gprec.model;

/** Loss terms of one training step (each a batch mean, before its λ weight). */
public record TrainStats(double total, double major, double group, double contrast, double orthogonal) {}
