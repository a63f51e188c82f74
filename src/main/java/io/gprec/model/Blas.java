package io.gprec.model;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas.cblas_dgemv;
import static org.bytedeco.openblas.global.openblas.cblas_sgemm;
import static org.bytedeco.openblas.global.openblas.cblas_sgemv;

/**
 * GEMM on {@link Tensor}s through the OpenBLAS that nd4j itself links, called directly: about
 * 1 µs per call instead of nd4j's 70 µs op dispatch (see {@link Tensor}).
 */
final class Blas {
    /** Per thread: BLAS calls move a tensor's pointer position, so tensors are never shared across threads. */
    private static final ThreadLocal<Tensor[]> ONES = ThreadLocal.withInitial(() -> new Tensor[2]);

    private Blas() {}

    /**
     * A column of at least n ones (one per thread). Column sums and the bias adds of output layers go
     * through BLAS against it (rank-1 update, onesᵀ·M; hidden layers add their bias in the ReLU pass
     * instead, {@link Tensor#biasReluInPlace}): a Java loop over off-heap memory is 4–5×
     * slower for the wide classifier activations (measured: 15 ms vs 3 ms per 943×3840 bias add).
     */
    static Tensor ones(org.nd4j.linalg.api.buffer.DataType type, int n) {
        Tensor[] cache = ONES.get();
        int slot = type == org.nd4j.linalg.api.buffer.DataType.DOUBLE ? 1 : 0;
        Tensor t = cache[slot];
        if (t == null || t.capacityRows() < n) {
            t = Tensor.zeros(type, Math.max(n, 4096), 1);
            t.fill(1);
            cache[slot] = t;
        }
        return t;
    }

    /** C = 1·bias + beta·C: each row of C set to (or, beta=1, increased by) the bias row. */
    static void broadcastRow(Tensor bias, long biasOffset, Tensor c, long offC, int ldc, int rows, int cols, double beta) {
        gemm(ones(c.dataType(), rows), 0, 1, false, bias, biasOffset, cols, false, c, offC, ldc, rows, cols, 1, 1, beta);
    }

    /** target[0, rows] += row sums of the contiguous rows×cols matrix m. */
    static void addRowSums(Tensor m, int rows, int cols, Tensor target) {
        if (rows == 0 || cols == 0) return;
        Tensor ones = ones(m.dataType(), cols);
        if (m.isDouble()) {
            cblas_dgemv(CblasRowMajor, CblasNoTrans, rows, cols, 1, (DoublePointer) m.pointer(), cols,
                    (DoublePointer) ones.pointer(), 1, 1, (DoublePointer) target.pointer(), 1);
        } else {
            cblas_sgemv(CblasRowMajor, CblasNoTrans, rows, cols, 1f, (FloatPointer) m.pointer(), cols,
                    (FloatPointer) ones.pointer(), 1, 1f, (FloatPointer) target.pointer(), 1);
        }
    }

    /** target[0, cols] += column sums of the rows×cols block of m. */
    static void addColumnSums(Tensor m, long offM, int ldm, int rows, int cols, Tensor target, long offT) {
        if (rows == 0 || cols == 0) return;
        Tensor ones = ones(m.dataType(), rows);
        // GEMV, not a 1-row GEMM: OpenBLAS handles M = 1 GEMMs several times slower
        if (m.isDouble()) {
            DoublePointer pm = (DoublePointer) m.pointer(), po = (DoublePointer) ones.pointer(), pt = (DoublePointer) target.pointer();
            long m0 = pm.position(), t0 = pt.position();
            try {
                cblas_dgemv(CblasRowMajor, CblasTrans, rows, cols, 1, pm.position(m0 + offM), ldm, po, 1, 1, pt.position(t0 + offT), 1);
            } finally {
                pm.position(m0);
                pt.position(t0);
            }
        } else {
            FloatPointer pm = (FloatPointer) m.pointer(), po = (FloatPointer) ones.pointer(), pt = (FloatPointer) target.pointer();
            long m0 = pm.position(), t0 = pt.position();
            try {
                cblas_sgemv(CblasRowMajor, CblasTrans, rows, cols, 1f, pm.position(m0 + offM), ldm, po, 1, 1f, pt.position(t0 + offT), 1);
            } finally {
                pm.position(m0);
                pt.position(t0);
            }
        }
    }

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
