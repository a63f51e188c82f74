package io.gprec.model;

import org.nd4j.linalg.api.buffer.DataType;

/** Small shared helpers for the backbones' per-step buffers. */
final class Tensors {
    private Tensors() {}

    /** t resized to rows (same width), or a new rows×cols tensor when t is null. */
    static Tensor sized(Tensor t, DataType type, int rows, int cols) {
        return t == null ? Tensor.zeros(type, rows, cols) : t.withRows(rows);
    }
}
