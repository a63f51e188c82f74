package io.gprec.model;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.reflect.Field;
import java.util.Objects;

/**
 * A row-major matrix held in an nd4j buffer, with cheap element access from Java and a raw
 * pointer for BLAS.
 *
 * <p>Why not plain {@link INDArray} ops: on this machine every nd4j op dispatch costs 20–300 µs
 * (measured: a 8×16×16 {@code Nd4j.gemm} 70 µs, {@code Transforms.relu} 17–36 µs), while a
 * direct OpenBLAS call costs about 1 µs. A training step has hundreds of small operations, so
 * the model does GEMMs through {@link Blas} on these buffers and the element-wise work in Java
 * loops. Those loops read and write the off-heap buffer through {@code sun.misc.Unsafe} (as Flink's
 * own MemorySegment does), with a bounds check on every access: measured on a 3.6M-element ReLU,
 * 2.5 ms against 13 ms through a direct NIO buffer and 15 ms through JavaCPP's indexers. A tensor may be a slice of a larger buffer (parameters live in one
 * flat buffer so that nd4j's Adam updates them in one call), and may use fewer rows than its
 * capacity so that batches of different sizes reuse one allocation.
 */
public final class Tensor {
    private final INDArray storage;
    private final long offset;
    private final int capacityRows;
    private final int cols;
    private static final sun.misc.Unsafe UNSAFE = unsafe();
    private static final long FLOATS = UNSAFE.arrayBaseOffset(float[].class);
    private static final long INTS = UNSAFE.arrayBaseOffset(int[].class);
    /**
     * The float kernels below copy off-heap data through heap chunks: measured here, a loop over a
     * heap array ran at 0.4 ns per element, the same loop through Unsafe reads and writes at 3.9 ns.
     */
    private static final int CHUNK = 4096;
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[3][CHUNK]);
    /** Raw float bits: masks written as int operations, which C2 vectorises (float↔int bit moves it does not). */
    private static final ThreadLocal<int[][]> INT_SCRATCH = ThreadLocal.withInitial(() -> new int[2][CHUNK]);
    private static final ThreadLocal<long[]> DRAWS = ThreadLocal.withInitial(() -> new long[CHUNK / 4]);
    private final boolean isDouble;
    private final long address;
    private final int limit;
    private final Pointer pointer;
    private int rows;

    private Tensor(INDArray storage, long offset, int rows, int cols) {
        this.storage = storage;
        this.offset = offset;
        this.capacityRows = rows;
        this.rows = rows;
        this.cols = cols;
        this.limit = Math.multiplyExact(rows, cols);
        if (storage.dataType() == DataType.FLOAT) {
            this.isDouble = false;
            this.pointer = new FloatPointer(storage.data().addressPointer()).position(offset);
            this.address = storage.data().addressPointer().address() + 4 * offset;
        } else if (storage.dataType() == DataType.DOUBLE) {
            this.isDouble = true;
            this.pointer = new DoublePointer(storage.data().addressPointer()).position(offset);
            this.address = storage.data().addressPointer().address() + 8 * offset;
        } else {
            throw new IllegalArgumentException("tensors hold FLOAT or DOUBLE, not " + storage.dataType());
        }
    }

    /** A new zero-filled rows×cols tensor. */
    public static Tensor zeros(DataType type, int rows, int cols) {
        return new Tensor(Nd4j.create(type, Math.max(1, rows), Math.max(1, cols)), 0, rows, cols);
    }

    /** A rows×cols window starting at {@code offset} elements into a contiguous nd4j buffer. */
    public static Tensor slice(INDArray storage, long offset, int rows, int cols) {
        if (storage.isView() || offset + (long) rows * cols > storage.length()) {
            throw new IllegalArgumentException("slice [" + offset + ", +" + rows + "x" + cols
                    + ") does not fit a contiguous buffer of " + storage.length());
        }
        return new Tensor(storage, offset, rows, cols);
    }

    public int rows() { return rows; }
    public int cols() { return cols; }
    public int size() { return rows * cols; }
    public int capacityRows() { return capacityRows; }
    public boolean isDouble() { return isDouble; }
    public DataType dataType() { return storage.dataType(); }
    Pointer pointer() { return pointer; }

    /** Uses the first {@code n} rows; grows the allocation only when n exceeds the capacity. */
    public Tensor withRows(int n) {
        if (n <= capacityRows) {
            rows = n;
            return this;
        }
        return zeros(dataType(), Math.max(n, capacityRows * 2), cols).withRows(n);
    }

    /**
     * A rows×cols tensor reusing t's buffer when it is large enough (contiguous, from offset 0),
     * else a new one: for layouts whose width, not height, changes with the batch.
     */
    public static Tensor reshape(Tensor t, DataType type, int rows, int cols) {
        if (t != null && t.offset == 0 && t.cols == cols) return t.withRows(rows);
        if (t != null && t.offset == 0 && (long) rows * cols <= t.storage.length() && t.dataType() == type) {
            return new Tensor(t.storage, 0, rows, cols);
        }
        long want = Math.max((long) rows * cols, t == null ? 0 : 2 * t.storage.length());
        Tensor fresh = new Tensor(Nd4j.create(type, 1, Math.max(1, want)), 0, rows, cols);
        return fresh;
    }

    public double get(int i) {
        Objects.checkIndex(i, limit);
        return isDouble ? UNSAFE.getDouble(address + 8L * i) : UNSAFE.getFloat(address + 4L * i);
    }

    public double get(int r, int c) { return get(r * cols + c); }

    public void set(int i, double v) {
        Objects.checkIndex(i, limit);
        if (isDouble) UNSAFE.putDouble(address + 8L * i, v);
        else UNSAFE.putFloat(address + 4L * i, (float) v);
    }

    public void set(int r, int c, double v) { set(r * cols + c, v); }

    public void add(int i, double v) { set(i, get(i) + v); }

    /** max(x, 0) over the current rows; one bounds check, then raw loops (the classifier's wide activations). */
    void reluInPlace() {
        biasReluInPlace(null);
    }

    /**
     * x = max(x + bias[column], 0) over the current rows (bias null: plain ReLU). Adding the bias
     * here, not as a rank-1 GEMM before the layer's GEMM, saves a pass over the activations.
     */
    void biasReluInPlace(Tensor bias) {
        int n = size();
        Objects.checkFromIndexSize(0, n, limit);
        // branch-free: half the signs are random, and a mispredicted branch per element cost 10× here
        if (isDouble) {
            for (int i = 0; i < n; i++) {
                long a = address + 8L * i;
                double b = bias == null ? 0 : bias.get(i % cols);
                UNSAFE.putDouble(a, Math.max(UNSAFE.getDouble(a) + b, 0.0));
            }
        } else {
            float[][] scratch = SCRATCH.get();
            float[] x = scratch[0], tile = bias == null ? null : biasTile(bias, scratch[2]);
            int chunk = bias == null ? CHUNK : rowAlignedChunk(cols);
            for (int from = 0; from < n; from += chunk) {
                int len = Math.min(chunk, n - from);
                load(address, from, x, len);
                if (tile == null) for (int i = 0; i < len; i++) x[i] = Math.max(x[i], 0f);
                else for (int i = 0; i < len; i++) x[i] = Math.max(x[i] + tile[i], 0f);
                store(x, address, from, len);
            }
        }
    }

    /** Whether the fused kernels can add a per-column bias to rows of this width (chunks hold whole rows). */
    static boolean fusesBias(int cols) {
        return rowAlignedChunk(cols) > 0;
    }

    /** Chunk length holding whole rows and a multiple of 4 elements (dropout draws stay aligned), or -1. */
    private static int rowAlignedChunk(int cols) {
        int unit = 4 * cols;
        return unit <= CHUNK ? CHUNK - CHUNK % unit : -1;
    }

    /** tile[i] = bias[i mod cols] over a row-aligned chunk. */
    private float[] biasTile(Tensor bias, float[] tile) {
        if (!fusesBias(cols)) throw new IllegalArgumentException("rows of " + cols + " are too wide to fuse a bias");
        for (int c = 0; c < cols; c++) tile[c] = (float) bias.get(c);
        int len = rowAlignedChunk(cols);
        for (int filled = cols; filled < len; filled *= 2) System.arraycopy(tile, 0, tile, filled, Math.min(filled, len - filled));
        return tile;
    }

    /** Each row r of the current rows gets + bias[r], then ReLU when {@code relu}: the classifier's transposed layout. */
    void addRowBiasInPlace(Tensor bias, boolean relu) {
        Objects.checkFromIndexSize(0, size(), limit);
        Objects.checkFromIndexSize(0, rows, bias.limit);
        float[] x = SCRATCH.get()[0];
        for (int r = 0; r < rows; r++) {
            if (isDouble) {
                for (int c = 0; c < cols; c++) {
                    long a = address + 8L * ((long) r * cols + c);
                    double v = UNSAFE.getDouble(a) + bias.get(r);
                    UNSAFE.putDouble(a, relu ? Math.max(v, 0.0) : v);
                }
                continue;
            }
            float b = (float) bias.get(r);
            for (int from = r * cols, end = from + cols; from < end; from += CHUNK) {
                int len = Math.min(CHUNK, end - from);
                load(address, from, x, len);
                if (relu) for (int i = 0; i < len; i++) x[i] = Math.max(x[i] + b, 0f);
                else for (int i = 0; i < len; i++) x[i] += b;
                store(x, address, from, len);
            }
        }
    }

    private static void load(long base, int from, float[] dst, int len) {
        UNSAFE.copyMemory(null, base + 4L * from, dst, FLOATS, 4L * len);
    }

    private static void store(float[] src, long base, int from, int len) {
        UNSAFE.copyMemory(src, FLOATS, null, base + 4L * from, 4L * len);
    }

    /**
     * ReLU then inverted dropout in one pass: mask[i] = scale when the next 16-bit slice of rng's
     * 64-bit numbers is below threshold (keep probability threshold/65536), else 0; this[i] =
     * max(this[i] + bias[column], 0)·mask[i] (bias may be null). The same values as adding the
     * bias, ReLU, filling the mask, then {@link #mulInPlace}.
     */
    void reluDropoutInPlace(Tensor bias, Tensor mask, Rng rng, long threshold, double scale) {
        int n = size();
        Objects.checkFromIndexSize(0, n, limit);
        Objects.checkFromIndexSize(0, n, mask.limit);
        long bits = 0;
        if (isDouble || mask.isDouble) {
            for (int j = 0; j < n; j++) {
                if ((j & 3) == 0) bits = rng.nextLong();
                double m = (bits & 0xFFFF) < threshold ? scale : 0;
                bits >>>= 16;
                mask.set(j, m);
                double b = bias == null ? 0 : bias.get(j % cols);
                set(j, Math.max(get(j) + b, 0.0) * mask.get(j));
            }
            return;
        }
        float fscale = (float) scale;
        int scaleBits = Float.floatToRawIntBits(fscale);
        float[][] scratch = SCRATCH.get();
        float[] x = scratch[0], keep = scratch[1], tile = bias == null ? null : biasTile(bias, scratch[2]);
        int[] m = INT_SCRATCH.get()[0];
        long[] draws = DRAWS.get();
        int chunk = bias == null ? CHUNK : rowAlignedChunk(cols);
        for (int from = 0; from < n; from += chunk) { // chunk is a multiple of 4: draws stay aligned
            int len = Math.min(chunk, n - from);
            rng.nextLongs(draws, (len + 3) >>> 2);
            // branch-free: a data-dependent branch per element (keep with p = 0.8) mispredicted often
            int i = 0;
            for (int q = 0; i + 4 <= len; q++, i += 4) { // four 16-bit slices of one draw, kept in a register
                long d = draws[q];
                m[i] = keepBits(d, threshold, scaleBits);
                m[i + 1] = keepBits(d >>> 16, threshold, scaleBits);
                m[i + 2] = keepBits(d >>> 32, threshold, scaleBits);
                m[i + 3] = keepBits(d >>> 48, threshold, scaleBits);
            }
            for (long d = i < len ? draws[i >>> 2] : 0; i < len; i++, d >>>= 16) m[i] = keepBits(d, threshold, scaleBits);
            UNSAFE.copyMemory(m, INTS, keep, FLOATS, 4L * len); // bits to floats without a per-element move
            load(address, from, x, len);
            if (tile == null) for (int j = 0; j < len; j++) x[j] = Math.max(x[j], 0f) * keep[j];
            else for (int j = 0; j < len; j++) x[j] = Math.max(x[j] + tile[j], 0f) * keep[j];
            store(x, address, from, len);
            store(keep, mask.address, from, len);
        }
    }

    /** The bits of scale when the low 16 bits of slice are below threshold, else of +0. */
    private static int keepBits(long slice, long threshold, int scaleBits) {
        return scaleBits & (int) (((slice & 0xFFFF) - threshold) >> 63);
    }

    /** this[i] *= other[i] over the current rows. */
    void mulInPlace(Tensor other) {
        int n = size();
        Objects.checkFromIndexSize(0, n, limit);
        Objects.checkFromIndexSize(0, n, other.limit);
        if (isDouble != other.isDouble) throw new IllegalArgumentException("mixed data types");
        long src = other.address;
        if (isDouble) {
            for (int i = 0; i < n; i++) UNSAFE.putDouble(address + 8L * i, UNSAFE.getDouble(address + 8L * i) * UNSAFE.getDouble(src + 8L * i));
        } else {
            float[][] scratch = SCRATCH.get();
            float[] x = scratch[0], y = scratch[1];
            for (int from = 0; from < n; from += CHUNK) {
                int len = Math.min(CHUNK, n - from);
                load(address, from, x, len);
                load(src, from, y, len);
                for (int i = 0; i < len; i++) x[i] *= y[i];
                store(x, address, from, len);
            }
        }
    }

    /** this[i] = 0 wherever activation[i] == 0: the ReLU derivative applied to a gradient, given ReLU outputs. */
    void zeroWhereNotPositive(Tensor activation) {
        int n = size();
        Objects.checkFromIndexSize(0, n, limit);
        Objects.checkFromIndexSize(0, n, activation.limit);
        if (isDouble != activation.isDouble) throw new IllegalArgumentException("mixed data types");
        long src = activation.address;
        // branch-free, for ReLU outputs (x >= 0): keep where the bits of x are non-zero
        if (isDouble) {
            for (int i = 0; i < n; i++) {
                long bits = Double.doubleToRawLongBits(UNSAFE.getDouble(src + 8L * i));
                long keep = (bits | -bits) >> 63;
                long g = Double.doubleToRawLongBits(UNSAFE.getDouble(address + 8L * i));
                UNSAFE.putDouble(address + 8L * i, Double.longBitsToDouble(g & keep));
            }
        } else {
            int[][] scratch = INT_SCRATCH.get();
            int[] g = scratch[0], act = scratch[1];
            for (int from = 0; from < n; from += CHUNK) {
                int len = Math.min(CHUNK, n - from);
                UNSAFE.copyMemory(null, address + 4L * from, g, INTS, 4L * len);
                UNSAFE.copyMemory(null, src + 4L * from, act, INTS, 4L * len);
                // on raw bits, so that C2 vectorises it: ReLU outputs are +0 or positive, never -0
                for (int i = 0; i < len; i++) g[i] &= (act[i] | -act[i]) >> 31;
                UNSAFE.copyMemory(g, INTS, null, address + 4L * from, 4L * len);
            }
        }
    }

    public void fill(double v) {
        int n = size();
        for (int i = 0; i < n; i++) set(i, v);
    }

    /** Copies {@code n} elements from {@code src[srcPos..]} into {@code this[pos..]}. */
    public void copyFrom(Tensor src, int srcPos, int pos, int n) {
        if (src == this || src.isDouble != isDouble) {
            for (int i = 0; i < n; i++) set(pos + i, src.get(srcPos + i));
            return;
        }
        Objects.checkFromIndexSize(pos, n, limit);
        Objects.checkFromIndexSize(srcPos, n, src.limit);
        int bytes = isDouble ? 8 : 4; // same type: one memcpy, not n bounds-checked element moves
        UNSAFE.copyMemory(src.address + (long) bytes * srcPos, address + (long) bytes * pos, (long) bytes * n);
    }

    /** this[pos + i] += src[srcPos + i] for i < n: one bounds check, no per-element type test. */
    void addFrom(Tensor src, int srcPos, int pos, int n) {
        Objects.checkFromIndexSize(pos, n, limit);
        Objects.checkFromIndexSize(srcPos, n, src.limit);
        if (isDouble != src.isDouble) throw new IllegalArgumentException("mixed data types");
        long to = address, from = src.address;
        if (isDouble) {
            for (int i = 0; i < n; i++) {
                long a = to + 8L * (pos + i);
                UNSAFE.putDouble(a, UNSAFE.getDouble(a) + UNSAFE.getDouble(from + 8L * (srcPos + i)));
            }
        } else {
            for (int i = 0; i < n; i++) {
                long a = to + 4L * (pos + i);
                UNSAFE.putFloat(a, UNSAFE.getFloat(a) + UNSAFE.getFloat(from + 4L * (srcPos + i)));
            }
        }
    }

    /** this[pos..pos+len) = src[0..len) (float tensors): bulk writes from heap kernels. */
    void writeFloats(float[] src, int pos, int len) {
        if (isDouble) throw new IllegalStateException("writeFloats on a DOUBLE tensor");
        Objects.checkFromIndexSize(pos, len, limit);
        store(src, address, pos, len);
    }

    /** dst[0..len) = this[pos..pos+len) (float tensors). */
    void readFloats(int pos, float[] dst, int len) {
        if (isDouble) throw new IllegalStateException("readFloats on a DOUBLE tensor");
        Objects.checkFromIndexSize(pos, len, limit);
        load(address, pos, dst, len);
    }

    public void copyTo(double[] dst) {
        int n = size();
        for (int i = 0; i < n; i++) dst[i] = get(i);
    }

    public double[] toArray() {
        double[] out = new double[size()];
        copyTo(out);
        return out;
    }

    public void setAll(double[] src) {
        if (src.length != size()) {
            throw new IllegalArgumentException("expected " + size() + " values, found " + src.length);
        }
        for (int i = 0; i < src.length; i++) set(i, src[i]);
    }

    private static sun.misc.Unsafe unsafe() {
        try {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (sun.misc.Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public String toString() {
        return "Tensor[" + rows + "x" + cols + " " + dataType() + "]";
    }
}
