package io.gprec.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps one replica of the shared parameters in step with the others (local SGD with periodic
 * model averaging): it remembers the synced base (the dense parameters as of the last applied
 * round) and, per shared embedding table, the value each row had when it was first touched since
 * the last send. {@link #extractDelta} hands out value − base (dense) and value − origin (touched
 * rows only); {@link #apply} adds the round's average minus what this replica sent, so training
 * done after the send is kept. After every round the base is bit-identical in all replicas:
 * they start from the same seed and add the same averages in the same order.
 *
 * <p>Personal tables (user ids) are not shared: their rows belong to one subtask's keyed state.
 * A row first created since the last send has origin 0 (its random initialisation counts as
 * part of the delta), so replicas that never saw the id create it at 0 plus the average.
 * Optimiser moments are local to each replica and never averaged.
 *
 * <p>Protocol: at most one delta outstanding; the next one may be extracted only after the
 * round of the previous one was applied. Rounds are applied in order, each once: the update to
 * apply is always that of round {@link #appliedRound()} + 1 ({@link #isNext}). Normally it is the
 * average of this replica's outstanding delta; with at-least-once feedback a restored replica can
 * also meet the update of a round whose delta it has not sent in this attempt (the failed
 * attempt sent it): that update is applied as if this replica had sent nothing, which keeps the
 * bases identical, since every replica applies the first update of each round in the same
 * feedback order.
 */
public final class ReplicaSync {
    private static final int STATE_VERSION = 1;

    private final GprecModel model;
    private final EmbeddingTable[] shared;
    /** Batch column of each shared table. */
    private final int[] column;
    private final int dim;
    private final List<Map<Long, double[]>> origins = new ArrayList<>(), sent = new ArrayList<>();
    private double[] base, sentDense;
    private int epoch;
    private long appliedRound, outstandingRound = -1;
    private long syncedSteps, ownStepsApplied, stepsAtSend, sentSteps;

    /** Starts tracking with the model's current parameters as the synced base. */
    public ReplicaSync(GprecModel model) {
        this.model = model;
        FieldEmbeddings emb = model.embeddings();
        int personal = model.layout().personal().length;
        int[] order = model.layout().embeddingOrder();
        shared = new EmbeddingTable[emb.tables.length - personal];
        column = new int[shared.length];
        for (int t = 0; t < shared.length; t++) {
            shared[t] = emb.tables[personal + t];
            column[t] = order[personal + t];
            origins.add(new LinkedHashMap<>());
            sent.add(new LinkedHashMap<>());
        }
        dim = model.config().embeddingDim;
        rebase();
    }

    /** Synced base := current values; forgets anything sent or touched (the start of a new epoch after a rescale). */
    public void rebase() {
        long v = version();
        base = denseValues();
        sentDense = null;
        for (Map<Long, double[]> m : origins) m.clear();
        for (Map<Long, double[]> m : sent) m.clear();
        outstandingRound = -1;
        syncedSteps = v;
        ownStepsApplied = model.step();
        stepsAtSend = model.step();
        sentSteps = 0;
    }

    /** Starts epoch e (after a rescale): rebases and numbers the next round after the last applied one. */
    public void startEpoch(int e) {
        rebase();
        epoch = e;
    }

    /** Makes {@link #version()} read {@code v} now (a model that ran unsynced at parallelism 1 brings its version along). */
    public void continueVersion(long v) {
        syncedSteps = v;
        ownStepsApplied = model.step();
    }

    /** Call before {@link GprecModel#train}: records the origin of every shared row the batch will touch. */
    public void beforeTrain(Batch batch) {
        for (int t = 0; t < shared.length; t++) {
            Map<Long, double[]> o = origins.get(t);
            EmbeddingTable table = shared[t];
            for (int i = 0; i < batch.size(); i++) {
                long key = batch.key(i, column[t]);
                if (o.containsKey(key)) continue;
                double[] row = table.exportRow(key);
                o.put(key, row == null ? new double[dim] : java.util.Arrays.copyOf(row, dim));
            }
        }
    }

    public boolean outstanding() { return outstandingRound >= 0; }
    public int epoch() { return epoch; }
    public long appliedRound() { return appliedRound; }
    /** Round of the delta awaiting its average, or -1. */
    public long outstandingRound() { return outstandingRound; }

    /**
     * Mini-batches whose updates have reached this replica: those of every applied round (all
     * replicas) plus its own not yet averaged. With no sync it is {@link GprecModel#step()}.
     */
    public long version() {
        return syncedSteps + (model.step() - ownStepsApplied);
    }

    /** Shared rows touched since the last send. */
    public int trackedRows() {
        int n = 0;
        for (Map<Long, double[]> m : origins) n += m.size();
        return n;
    }

    /** The change since the last sync; it becomes the outstanding delta of round {@code appliedRound() + 1}. */
    public ParameterDelta extractDelta(int subtask, int parallelism) {
        if (outstanding()) throw new IllegalStateException("round " + outstandingRound + " is still outstanding");
        double[] values = denseValues();
        double[] dense = new double[values.length];
        for (int i = 0; i < values.length; i++) dense[i] = values[i] - base[i];
        long[][] keys = new long[shared.length][];
        double[][] rows = new double[shared.length][];
        for (int t = 0; t < shared.length; t++) {
            Map<Long, double[]> o = origins.get(t), s = sent.get(t);
            long[] k = new long[o.size()];
            double[] r = new double[o.size() * dim];
            int n = 0;
            for (Map.Entry<Long, double[]> e : o.entrySet()) {
                double[] row = shared[t].exportRow(e.getKey());
                if (row == null) continue; // expired since it was touched
                // [origin, delta]: the origin lets apply() rebuild the row as origin + average exactly
                double[] d = new double[2 * dim];
                System.arraycopy(e.getValue(), 0, d, 0, dim);
                for (int j = 0; j < dim; j++) d[dim + j] = row[j] - e.getValue()[j];
                s.put(e.getKey(), d);
                k[n] = e.getKey();
                System.arraycopy(d, dim, r, n * dim, dim);
                n++;
            }
            keys[t] = java.util.Arrays.copyOf(k, n);
            rows[t] = java.util.Arrays.copyOf(r, n * dim);
            o.clear();
        }
        sentDense = dense;
        sentSteps = model.step() - stepsAtSend;
        stepsAtSend = model.step();
        outstandingRound = appliedRound + 1;
        return new ParameterDelta(epoch, outstandingRound, subtask, parallelism, sentSteps, baseHash(), hash(values), dense, keys, rows, dim);
    }

    /** Whether {@code update} is the one to apply next: this epoch, round {@link #appliedRound()} + 1. */
    public boolean isNext(ParameterDelta update) {
        return update.epoch() == epoch && update.round() == appliedRound + 1;
    }

    /**
     * Applies the averaged update of the next round: base += average and value = base + (what
     * was trained here since the send), computed so that a replica that trained nothing since
     * its send ends bit-identical to the base. With no delta outstanding (at-least-once feedback
     * after a restore, see the class comment) everything trained since the last round counts as
     * "since the send"; the next delta then belongs to the round after this one.
     */
    public void apply(ParameterDelta average) {
        if (!isNext(average)) {
            throw new IllegalArgumentException("expected the update of epoch " + epoch + " round " + (appliedRound + 1)
                    + ", found epoch " + average.epoch() + " round " + average.round());
        }
        if (average.dense.length != base.length || average.keys.length != shared.length) {
            throw new IllegalArgumentException("update shape mismatch: expected " + base.length + " dense values and "
                    + shared.length + " tables, found " + average.dense.length + " and " + average.keys.length);
        }
        double[] values = denseValues();
        for (int i = 0; i < values.length; i++) {
            double sinceSend = (values[i] - base[i]) - (sentDense == null ? 0 : sentDense[i]);
            base[i] += average.dense[i];
            values[i] = base[i] + sinceSend;
        }
        setDenseValues(values);
        for (int t = 0; t < shared.length; t++) {
            Map<Long, double[]> s = sent.get(t), o = origins.get(t);
            long[] keys = average.keys[t];
            double[] avg = average.rows[t];
            for (int i = 0; i < keys.length; i++) {
                double[] mine = s.get(keys[i]);
                double[] row = shared[t].exportRow(keys[i]);
                if (row == null) row = new double[3 * dim];
                double[] origin = o.get(keys[i]);
                for (int j = 0; j < dim; j++) {
                    double next = mine == null
                            ? row[j] + avg[i * dim + j]
                            : (mine[j] + avg[i * dim + j]) + ((row[j] - mine[j]) - mine[dim + j]);
                    if (origin != null) origin[j] += next - row[j];
                    row[j] = next;
                }
                shared[t].importRow(keys[i], row);
            }
            s.clear();
        }
        syncedSteps += average.steps();
        ownStepsApplied += sentSteps;
        sentSteps = 0;
        sentDense = null;
        appliedRound = average.round();
        outstandingRound = -1;
    }

    /** 64-bit FNV-1a hash of the synced dense base: equal in every replica after each round. */
    public long baseHash() {
        return hash(base);
    }

    /** A copy of the synced dense base (for tests and diagnostics). */
    public double[] base() { return base.clone(); }

    static long hash(double[] a) {
        long h = 0xcbf29ce484222325L;
        for (double d : a) {
            h ^= Double.doubleToLongBits(d);
            h *= 0x100000001b3L;
        }
        return h == 0 ? 1 : h;
    }

    private double[] denseValues() {
        return model.params().values().data().asDouble().clone();
    }

    private void setDenseValues(double[] values) {
        INDArray target = model.params().values();
        target.assign(Nd4j.createFromArray(values).castTo(target.dataType()).reshape(target.shape()));
    }

    // ---- state, so a restored replica resumes the protocol where it was ----

    public byte[] encodeState() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(STATE_VERSION);
            out.writeInt(epoch);
            out.writeLong(appliedRound);
            out.writeLong(outstandingRound);
            out.writeLong(syncedSteps);
            out.writeLong(ownStepsApplied);
            out.writeLong(stepsAtSend);
            out.writeLong(sentSteps);
            writeArray(out, base);
            writeArray(out, sentDense);
            for (List<Map<Long, double[]>> maps : List.of(origins, sent)) {
                out.writeInt(maps.size());
                for (Map<Long, double[]> m : maps) {
                    out.writeInt(m.size());
                    for (Map.Entry<Long, double[]> e : m.entrySet()) {
                        out.writeLong(e.getKey());
                        for (double d : e.getValue()) out.writeDouble(d);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A tracker for {@code model} in the state {@link #encodeState} wrote; the model must be the one saved with it. */
    public static ReplicaSync restore(GprecModel model, byte[] state) {
        ReplicaSync s = new ReplicaSync(model);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            int version = in.readInt();
            if (version != STATE_VERSION) throw new IllegalArgumentException("unsupported replica sync state version " + version);
            s.epoch = in.readInt();
            s.appliedRound = in.readLong();
            s.outstandingRound = in.readLong();
            s.syncedSteps = in.readLong();
            s.ownStepsApplied = in.readLong();
            s.stepsAtSend = in.readLong();
            s.sentSteps = in.readLong();
            s.base = readArray(in);
            s.sentDense = readArray(in);
            if (s.base == null || s.base.length != s.denseValues().length) {
                throw new IllegalArgumentException("replica sync state does not match the model's dense parameters");
            }
            for (List<Map<Long, double[]>> maps : List.of(s.origins, s.sent)) {
                int tables = in.readInt();
                if (tables != maps.size()) {
                    throw new IllegalArgumentException("replica sync state: expected " + maps.size() + " shared tables, found " + tables);
                }
                for (Map<Long, double[]> m : maps) {
                    int n = in.readInt();
                    for (int i = 0; i < n; i++) {
                        long key = in.readLong();
                        double[] row = new double[maps == s.sent ? 2 * s.dim : s.dim];
                        for (int j = 0; j < row.length; j++) row[j] = in.readDouble();
                        m.put(key, row);
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated replica sync state: " + e.getMessage(), e);
        }
        return s;
    }

    private static void writeArray(DataOutputStream out, double[] a) throws IOException {
        out.writeInt(a == null ? -1 : a.length);
        if (a != null) for (double d : a) out.writeDouble(d);
    }

    private static double[] readArray(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) return null;
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = in.readDouble();
        return a;
    }
}
