package io.gprec.model;

import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * All dense parameters of a model in one flat nd4j buffer (and their gradients in another), so
 * that the optimiser updates everything in a single call. Components register named slots
 * first; {@link #allocate} then lays them out and initialises them.
 */
public final class Params {
    /** How a slot starts. */
    public enum Init { XAVIER_UNIFORM, ZERO }

    /** One named matrix inside the flat buffers. */
    public static final class Slot {
        final String name;
        final int rows, cols;
        final Init init;
        final int fanIn, fanOut;
        long offset = -1;
        Tensor value, grad;

        private Slot(String name, int rows, int cols, Init init, int fanIn, int fanOut) {
            this.name = name;
            this.rows = rows;
            this.cols = cols;
            this.init = init;
            this.fanIn = fanIn;
            this.fanOut = fanOut;
        }

        public String name() { return name; }
        public int rows() { return rows; }
        public int cols() { return cols; }

        public Tensor value() {
            if (value == null) throw new IllegalStateException("parameters of " + name + " are not allocated yet");
            return value;
        }

        public Tensor grad() {
            if (grad == null) throw new IllegalStateException("parameters of " + name + " are not allocated yet");
            return grad;
        }
    }

    private final List<Slot> slots = new ArrayList<>();
    private INDArray values, grads;
    private long count;

    /** Registers a rows×cols matrix; fan-in/out default to rows/cols (a weight used as x·W). */
    public Slot add(String name, int rows, int cols, Init init) {
        return add(name, rows, cols, init, rows, cols);
    }

    /** Registers a matrix whose Xavier bound uses the given fans (e.g. one block of G stacked layers). */
    public Slot add(String name, int rows, int cols, Init init, int fanIn, int fanOut) {
        if (values != null) throw new IllegalStateException("cannot add " + name + " after allocation");
        for (Slot s : slots) {
            if (s.name.equals(name)) throw new IllegalArgumentException("duplicate parameter " + name);
        }
        Slot s = new Slot(name, rows, cols, init, fanIn, fanOut);
        slots.add(s);
        return s;
    }

    /** Lays out the slots and initialises them: Xavier-uniform via deeplearning4j's weight init, seeded. */
    public void allocate(DataType type, long seed) {
        count = 0;
        for (Slot s : slots) {
            s.offset = count;
            count += (long) s.rows * s.cols;
        }
        values = Nd4j.create(type, 1, Math.max(1, count));
        grads = Nd4j.create(type, 1, Math.max(1, count));
        // dl4j's initialisers draw from nd4j's per-thread generator: seeding it here makes init reproducible
        Nd4j.getRandom().setSeed(seed);
        for (Slot s : slots) {
            s.value = Tensor.slice(values, s.offset, s.rows, s.cols);
            s.grad = Tensor.slice(grads, s.offset, s.rows, s.cols);
            if (s.init == Init.XAVIER_UNIFORM) {
                INDArray view = values.get(NDArrayIndex.point(0),
                        NDArrayIndex.interval(s.offset, s.offset + (long) s.rows * s.cols));
                WeightInit.XAVIER_UNIFORM.getWeightInitFunction()
                        .init(s.fanIn, s.fanOut, new long[]{s.rows, s.cols}, 'c', view);
            }
        }
    }

    public INDArray values() { return values; }
    public INDArray grads() { return grads; }
    public long count() { return count; }
    public List<Slot> slots() { return Collections.unmodifiableList(slots); }

    public void zeroGrads() {
        grads.assign(0);
    }
}
