package io.gprec.model;

import java.nio.ByteBuffer;

/**
 * One replica's change of the shared parameters since its last sync (or, from {@link DeltaAverager},
 * the averaged change of a round): the dense block as one flat array, and for each shared embedding
 * table only the rows touched, by id. Immutable once built; has a versioned byte form for the wire.
 *
 * <pre>
 * "GPRDELTA" int version
 * int epoch, long round, int subtask (-1 = averaged), int parallelism, long steps, long baseHash, long valueHash
 * int n, n × value dense
 * int tables, tables × (int dim, int rows, rows × long key, rows·dim × value)
 * </pre>
 *
 * A value is a double in version 1 and a float in version 2, which {@link #encode()} writes: half the bytes on the
 * Flink edge and through the feedback topic, which is most of a sync round's time (docs/SCALING.md, "Round latency").
 * The model's parameters are float32 by default, so a delta of them loses little; what matters for the protocol is
 * that every replica applies the same decoded update, and they do, whatever the precision on the wire. Version 1 is
 * still read (the averager's checkpointed round may hold it).
 */
public final class ParameterDelta {
    private static final long MAGIC = 0x47505244454c5441L; // "GPRDELTA"
    /** Values as float64. */
    public static final int VERSION_1 = 1;
    /** Values as float32 (written since the round-latency work). */
    public static final int VERSION_2 = 2;
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
        return encodedSize(VERSION_2);
    }

    private int encodedSize(int version) {
        int value = valueBytes(version);
        long n = 8 + 4 + 4 + 8 + 4 + 4 + 8 + 8 + 8 + 4 + (long) value * dense.length + 4;
        for (long[] k : keys) n += 8 + k.length * (8L + (long) value * dim);
        return Math.toIntExact(n);
    }

    /** The current wire form, {@link #VERSION_2} (float32 values). */
    public byte[] encode() {
        return encode(VERSION_2);
    }

    /** The wire form of {@code version} (version 1 only for tests of reading older payloads). */
    byte[] encode(int version) {
        // bulk puts through a ByteBuffer (big-endian, as DataOutputStream): a delta is ~1.9 MB, encoded and decoded
        // several times per round on the trainers' cores, and per-value stream calls cost ~10x more
        int value = valueBytes(version);
        ByteBuffer out = ByteBuffer.allocate(encodedSize(version));
        out.putLong(MAGIC).putInt(version).putInt(epoch).putLong(round).putInt(subtask).putInt(parallelism)
                .putLong(steps).putLong(baseHash).putLong(valueHash);
        out.putInt(dense.length);
        putValues(out, dense, version);
        out.position(out.position() + value * dense.length);
        out.putInt(keys.length);
        for (int t = 0; t < keys.length; t++) {
            out.putInt(dim).putInt(keys[t].length);
            out.asLongBuffer().put(keys[t]);
            out.position(out.position() + 8 * keys[t].length);
            putValues(out, rows[t], version);
            out.position(out.position() + value * rows[t].length);
        }
        return out.array();
    }

    private static int valueBytes(int version) {
        switch (version) {
            case VERSION_1: return 8;
            case VERSION_2: return 4;
            default: throw new IllegalArgumentException("unsupported parameter delta version " + version);
        }
    }

    /** Writes the values at the buffer's position without moving it. */
    private static void putValues(ByteBuffer out, double[] values, int version) {
        if (version == VERSION_1) {
            out.asDoubleBuffer().put(values);
            return;
        }
        // narrowed through a float[] so the bulk put stays one call (Java rounds to nearest, the same in every JVM)
        float[] f = new float[values.length];
        for (int i = 0; i < values.length; i++) f[i] = (float) values[i];
        out.asFloatBuffer().put(f);
    }

    /** Reads {@code n} values at the buffer's position and moves past them. */
    private static double[] getValues(ByteBuffer in, int n, int version) {
        double[] values = new double[n];
        if (version == VERSION_1) {
            in.asDoubleBuffer().get(values);
            skip(in, 8 * n);
            return values;
        }
        float[] f = new float[n];
        in.asFloatBuffer().get(f);
        skip(in, 4 * n);
        for (int i = 0; i < n; i++) values[i] = f[i];
        return values;
    }

    /** Throws IllegalArgumentException on anything that is not a version-1 or version-2 delta. */
    public static ParameterDelta decode(byte[] data) {
        try {
            ByteBuffer in = ByteBuffer.wrap(data);
            if (in.getLong() != MAGIC) throw new IllegalArgumentException("not a GPRec parameter delta (bad magic)");
            int version = in.getInt();
            int value;
            switch (version) {
                case VERSION_1: value = 8; break;
                case VERSION_2: value = 4; break;
                default: throw new IllegalArgumentException("unsupported parameter delta version " + version);
            }
            int epoch = in.getInt();
            long round = in.getLong();
            int subtask = in.getInt(), parallelism = in.getInt();
            long steps = in.getLong(), baseHash = in.getLong(), valueHash = in.getLong();
            double[] dense = getValues(in, checkedLength(in.getInt(), data.length / value), version);
            int tables = checkedLength(in.getInt(), 1 << 16);
            long[][] keys = new long[tables][];
            double[][] rows = new double[tables][];
            int dim = 0;
            for (int t = 0; t < tables; t++) {
                dim = checkedLength(in.getInt(), 1 << 16);
                int n = checkedLength(in.getInt(), data.length / 8);
                keys[t] = new long[n];
                in.asLongBuffer().get(keys[t]);
                skip(in, 8 * n);
                rows[t] = getValues(in, checkedLength(n * dim, data.length / value), version);
            }
            return new ParameterDelta(epoch, round, subtask, parallelism, steps, baseHash, valueHash, dense, keys, rows, dim);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated parameter delta", e);
        }
    }

    /** Moves past bulk-read values; underflow (a truncated delta) like the reads themselves. */
    private static void skip(ByteBuffer in, int bytes) {
        if (bytes > in.remaining()) throw new java.nio.BufferUnderflowException();
        in.position(in.position() + bytes);
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
