package io.gprec.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Combines the deltas of one sync round into the update every replica applies: the dense block
 * is the mean over all P replicas (or their sum, {@link DenseCombine#SUM}); an embedding row is the mean over the replicas that touched
 * it (a replica that did not touch a row has no opinion on it, and dividing by P would shrink
 * updates of ids seen by one subtask only). A round is complete when all P subtasks sent.
 *
 * <p>Deltas of an older epoch (sent before a rescale) are dropped; the first delta of a newer
 * epoch discards the partial rounds of the older one.
 *
 * <p>Several rounds may be collected at once. With exactly-once feedback there is only ever one,
 * but with at-least-once feedback a restored job can meet its own earlier updates in the
 * feedback topic: replicas then apply an update of the failed attempt and send the next round
 * while this averager still waits for deltas of the restored round, which will never all come.
 * Completing a round therefore drops every older partial round, and a delta of a round already
 * completed is dropped ({@link #dropped()} counts both).
 */
public final class DeltaAverager {
    private final DenseCombine combine;
    /** round → (subtask → delta). */
    private final TreeMap<Long, TreeMap<Integer, ParameterDelta>> pending = new TreeMap<>();
    private int epoch = Integer.MIN_VALUE;
    private long lastCompleted = -1;
    private long dropped, diverged;

    public DeltaAverager() {
        this(DenseCombine.MEAN);
    }

    public DeltaAverager(DenseCombine combine) {
        this.combine = combine;
    }

    /** Adds a delta; returns the round's average once every subtask of the round has sent. */
    public Optional<ParameterDelta> add(ParameterDelta d) {
        if (d.subtask() == ParameterDelta.AVERAGED) throw new IllegalArgumentException("not a subtask's delta: " + d);
        if (d.epoch() < epoch || (d.epoch() == epoch && d.round() <= lastCompleted)) {
            dropped++;
            return Optional.empty();
        }
        if (d.epoch() > epoch) {
            for (var r : pending.values()) dropped += r.size();
            pending.clear();
            epoch = d.epoch();
            lastCompleted = -1;
        }
        TreeMap<Integer, ParameterDelta> round = pending.computeIfAbsent(d.round(), r -> new TreeMap<>());
        ParameterDelta first = round.isEmpty() ? d : round.firstEntry().getValue();
        if (d.parallelism() != first.parallelism() || round.containsKey(d.subtask())) {
            throw new IllegalStateException("sync protocol violated: " + d + " while collecting epoch " + epoch + " round " + d.round()
                    + " from subtasks " + round.keySet());
        }
        round.put(d.subtask(), d);
        if (round.size() < d.parallelism()) return Optional.empty();
        ParameterDelta avg = average(new ArrayList<>(round.values()), combine);
        if (avg.baseHash() == 0) diverged++;
        var done = pending.headMap(d.round(), true);
        for (var r : done.values()) dropped += r.size();
        dropped -= round.size();
        done.clear();
        lastCompleted = d.round();
        return Optional.of(avg);
    }

    /** Deltas of the rounds being collected, by round then subtask (the state to checkpoint). */
    public List<ParameterDelta> pending() {
        List<ParameterDelta> out = new ArrayList<>();
        for (var r : pending.values()) out.addAll(r.values());
        return out;
    }
    /** Deltas thrown away because a rescale made their round impossible to complete. */
    public long dropped() { return dropped; }
    /** Rounds whose senders disagreed on the synced base (should stay 0). */
    public long diverged() { return diverged; }

    static ParameterDelta average(List<ParameterDelta> deltas) {
        return average(deltas, DenseCombine.MEAN);
    }

    static ParameterDelta average(List<ParameterDelta> deltas, DenseCombine combine) {
        ParameterDelta first = deltas.get(0);
        int p = deltas.size(), tables = first.keys.length, dim = first.dim;
        double[] dense = new double[first.dense.length];
        long steps = 0, hash = first.baseHash(), valueHash = first.valueHash();
        for (ParameterDelta d : deltas) {
            if (d.dense.length != dense.length || d.keys.length != tables) {
                throw new IllegalArgumentException("deltas of different shapes in one round: " + first + " and " + d);
            }
            for (int i = 0; i < dense.length; i++) dense[i] += d.dense[i];
            steps += d.steps();
            if (d.baseHash() != hash) hash = 0;
            if (d.valueHash() != valueHash) valueHash = 0;
        }
        if (combine == DenseCombine.MEAN) for (int i = 0; i < dense.length; i++) dense[i] /= p;
        long[][] keys = new long[tables][];
        double[][] rows = new double[tables][];
        for (int t = 0; t < tables; t++) {
            Map<Long, double[]> sum = new LinkedHashMap<>();
            Map<Long, Integer> count = new LinkedHashMap<>();
            for (ParameterDelta d : deltas) {
                for (int i = 0; i < d.keys[t].length; i++) {
                    double[] s = sum.computeIfAbsent(d.keys[t][i], k -> new double[dim]);
                    for (int j = 0; j < dim; j++) s[j] += d.rows[t][i * dim + j];
                    count.merge(d.keys[t][i], 1, Integer::sum);
                }
            }
            keys[t] = new long[sum.size()];
            rows[t] = new double[sum.size() * dim];
            int n = 0;
            for (Map.Entry<Long, double[]> e : sum.entrySet()) {
                int c = count.get(e.getKey());
                keys[t][n] = e.getKey();
                for (int j = 0; j < dim; j++) rows[t][n * dim + j] = e.getValue()[j] / c;
                n++;
            }
        }
        return new ParameterDelta(first.epoch(), first.round(), ParameterDelta.AVERAGED, p, steps, hash, valueHash, dense, keys, rows, dim);
    }
}
