package io.gprec.model;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas.cblas_sgemm;

/**
 * GEMM on {@link Tensor}s through the OpenBLAS that nd4j itself links, called directly: about
 * 1 µs per call instead of nd4j's 70 µs op dispatch (see {@link Tensor}).
 */
final class Blas {
    private Blas() {}

    /** C = alpha·op(A)·op(B) + beta·C over the tensors' current rows. */
    static void gemm(Tensor a, boolean transA, Tensor b, boolean transB, Tensor c, double alpha, double beta) {
        int m = transA ? a.cols() : a.rows();
        int k = transA ? a.rows() : a.cols();
        int kb = transB ? b.cols() : b.rows();
        int n = transB ? b.rows() : b.cols();
        if (k != kb || c.rows() != m || c.cols() != n) {
            throw new IllegalArgumentException("gemm shapes: " + a + (transA ? "ᵀ" : "") + " × " + b
                    + (transB ? "ᵀ" : "") + " → " + c);
        }
        gemm(a, 0, a.cols(), transA, b, 0, b.cols(), transB, c, 0, c.cols(), m, n, k, alpha, beta);
    }

    /**
     * GEMM on sub-blocks: each operand is given by an element offset and a leading dimension,
     * which lets the group classifier multiply column blocks of a wide matrix in place.
     */
    static void gemm(Tensor a, long offA, int lda, boolean transA,
                     Tensor b, long offB, int ldb, boolean transB,
                     Tensor c, long offC, int ldc,
                     int m, int n, int k, double alpha, double beta) {
        if (m == 0 || n == 0) return;
        if (a == c || b == c || a == b) {
            throw new IllegalArgumentException("gemm operands must be distinct tensor objects");
        }
        int ta = transA ? CblasTrans : CblasNoTrans;
        int tb = transB ? CblasTrans : CblasNoTrans;
        if (c.isDouble()) {
            DoublePointer pa = (DoublePointer) a.pointer(), pb = (DoublePointer) b.pointer(), pc = (DoublePointer) c.pointer();
            long a0 = pa.position(), b0 = pb.position(), c0 = pc.position();
            try {
                cblas_dgemm(CblasRowMajor, ta, tb, m, n, k, alpha, pa.position(a0 + offA), lda,
                        pb.position(b0 + offB), ldb, beta, pc.position(c0 + offC), ldc);
            } finally {
                pa.position(a0);
                pb.position(b0);
                pc.position(c0);
            }
        } else {
            FloatPointer pa = (FloatPointer) a.pointer(), pb = (FloatPointer) b.pointer(), pc = (FloatPointer) c.pointer();
            long a0 = pa.position(), b0 = pb.position(), c0 = pc.position();
            try {
                cblas_sgemm(CblasRowMajor, ta, tb, m, n, k, (float) alpha, pa.position(a0 + offA), lda,
                        pb.position(b0 + offB), ldb, (float) beta, pc.position(c0 + offC), ldc);
            } finally {
                pa.position(a0);
                pb.position(b0);
                pc.position(c0);
            }
        }
    }
}
