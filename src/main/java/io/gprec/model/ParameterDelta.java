package io.gprec.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One replica's change of the shared parameters since its last sync (or, from {@link DeltaAverager},
 * the averaged change of a round): the dense block as one flat array, and for each shared embedding
 * table only the rows touched, by id. Immutable once built; has a versioned byte form for the wire.
 *
 * <pre>
 * "GPRDELTA" int version
 * int epoch, long round, int subtask (-1 = averaged), int parallelism, long steps, long baseHash, long valueHash
 * int n, n × double dense
 * int tables, tables × (int dim, int rows, rows × long key, rows·dim × double)
 * </pre>
 */
public final class ParameterDelta {
    private static final long MAGIC = 0x47505244454c5441L; // "GPRDELTA"
    public static final int VERSION_1 = 1;
    /** {@link #subtask()} of an averaged update. */
    public static final int AVERAGED = -1;

    private final int epoch, subtask, parallelism;
    private final long round, steps, baseHash, valueHash;
    final double[] dense;
    final long[][] keys;
    final double[][] rows;
    final int dim;

    ParameterDelta(int epoch, long round, int subtask, int parallelism, long steps, long baseHash, long valueHash, double[] dense,
                   long[][] keys, double[][] rows, int dim) {
        this.epoch = epoch;
        this.round = round;
        this.subtask = subtask;
        this.parallelism = parallelism;
        this.steps = steps;
        this.baseHash = baseHash;
        this.valueHash = valueHash;
        this.dense = dense;
        this.keys = keys;
        this.rows = rows;
        this.dim = dim;
    }

    /** Incremented on a rescale: deltas and updates of an older epoch are discarded. */
    public int epoch() { return epoch; }
    /** Sync round, from 1 within a run (continues across epochs). */
    public long round() { return round; }
    /** Sending subtask, or {@link #AVERAGED}. */
    public int subtask() { return subtask; }
    /** Trainer parallelism the round expects deltas from. */
    public int parallelism() { return parallelism; }
    /** Mini-batches trained into this delta (for an averaged update: summed over the round). */
    public long steps() { return steps; }
    /** Hash of the sender's synced dense parameters; on an averaged update 0 unless every sender agreed. */
    public long baseHash() { return baseHash; }
    /**
     * Hash of the sender's dense parameters as they were when it sent; on an averaged update 0
     * unless every sender's were identical (they are after a round in which no replica trained).
     */
    public long valueHash() { return valueHash; }
    public int denseLength() { return dense.length; }

    /** Rows carried, over all shared tables. */
    public int rowCount() {
        int n = 0;
        for (long[] k : keys) n += k.length;
        return n;
    }

    /** Size of {@link #encode()}'s result, without encoding. */
    public int encodedSize() {
        int n = 8 + 4 + 4 + 8 + 4 + 4 + 8 + 8 + 8 + 4 + 8 * dense.length + 4;
        for (long[] k : keys) n += 8 + k.length * 8L * (1 + dim);
        return n;
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encodedSize());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(MAGIC);
            out.writeInt(VERSION_1);
            out.writeInt(epoch);
            out.writeLong(round);
            out.writeInt(subtask);
            out.writeInt(parallelism);
            out.writeLong(steps);
            out.writeLong(baseHash);
            out.writeLong(valueHash);
            out.writeInt(dense.length);
            for (double d : dense) out.writeDouble(d);
            out.writeInt(keys.length);
            for (int t = 0; t < keys.length; t++) {
                out.writeInt(dim);
                out.writeInt(keys[t].length);
                for (long k : keys[t]) out.writeLong(k);
                for (double d : rows[t]) out.writeDouble(d);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Throws IllegalArgumentException on anything that is not a version-1 delta. */
    public static ParameterDelta decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readLong() != MAGIC) throw new IllegalArgumentException("not a GPRec parameter delta (bad magic)");
            int version = in.readInt();
            switch (version) {
                case VERSION_1: break;
                default: throw new IllegalArgumentException("unsupported parameter delta version " + version);
            }
            int epoch = in.readInt();
            long round = in.readLong();
            int subtask = in.readInt(), parallelism = in.readInt();
            long steps = in.readLong(), baseHash = in.readLong(), valueHash = in.readLong();
            double[] dense = new double[checkedLength(in.readInt(), data.length / 8)];
            for (int i = 0; i < dense.length; i++) dense[i] = in.readDouble();
            int tables = checkedLength(in.readInt(), 1 << 16);
            long[][] keys = new long[tables][];
            double[][] rows = new double[tables][];
            int dim = 0;
            for (int t = 0; t < tables; t++) {
                dim = checkedLength(in.readInt(), 1 << 16);
                int n = checkedLength(in.readInt(), data.length / 8);
                keys[t] = new long[n];
                for (int i = 0; i < n; i++) keys[t][i] = in.readLong();
                rows[t] = new double[n * dim];
                for (int i = 0; i < rows[t].length; i++) rows[t][i] = in.readDouble();
            }
            return new ParameterDelta(epoch, round, subtask, parallelism, steps, baseHash, valueHash, dense, keys, rows, dim);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated parameter delta: " + e.getMessage(), e);
        }
    }

    private static int checkedLength(int n, int max) {
        if (n < 0 || n > max) throw new IllegalArgumentException("corrupt parameter delta: length " + n);
        return n;
    }

    @Override
    public String toString() {
        return "ParameterDelta[epoch " + epoch + ", round " + round + ", subtask " + subtask + "/" + parallelism + ", steps " + steps
                + ", dense " + dense.length + ", rows " + rowCount() + "]";
    }
}
