package io.gprec.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Combines the deltas of one sync round into the update every replica applies: the dense block
 * is the mean over all P replicas; an embedding row is the mean over the replicas that touched
 * it (a replica that did not touch a row has no opinion on it, and dividing by P would shrink
 * updates of ids seen by one subtask only). A round is complete when all P subtasks sent.
 *
 * <p>Deltas of an older epoch (sent before a rescale) are dropped; the first delta of a newer
 * epoch discards a partial round of the older one.
 */
public final class DeltaAverager {
    private final TreeMap<Integer, ParameterDelta> pending = new TreeMap<>();
    private int epoch = Integer.MIN_VALUE;
    private long round = -1;
    private long dropped, diverged;

    /** Adds a delta; returns the round's average once every subtask of the round has sent. */
    public Optional<ParameterDelta> add(ParameterDelta d) {
        if (d.subtask() == ParameterDelta.AVERAGED) throw new IllegalArgumentException("not a subtask's delta: " + d);
        if (d.epoch() < epoch) {
            dropped++;
            return Optional.empty();
        }
        if (d.epoch() > epoch || pending.isEmpty()) {
            dropped += pending.size();
            pending.clear();
            epoch = d.epoch();
            round = d.round();
        }
        ParameterDelta first = pending.isEmpty() ? d : pending.firstEntry().getValue();
        if (d.round() != round || d.parallelism() != first.parallelism() || pending.containsKey(d.subtask())) {
            throw new IllegalStateException("sync protocol violated: " + d + " while collecting epoch " + epoch + " round " + round
                    + " from subtasks " + pending.keySet());
        }
        pending.put(d.subtask(), d);
        if (pending.size() < d.parallelism()) return Optional.empty();
        ParameterDelta avg = average(new ArrayList<>(pending.values()));
        if (avg.baseHash() == 0) diverged++;
        pending.clear();
        return Optional.of(avg);
    }

    /** Deltas of the round being collected, in subtask order (the state to checkpoint). */
    public List<ParameterDelta> pending() { return new ArrayList<>(pending.values()); }
    /** Deltas thrown away because a rescale made their round impossible to complete. */
    public long dropped() { return dropped; }
    /** Rounds whose senders disagreed on the synced base (should stay 0). */
    public long diverged() { return diverged; }

    static ParameterDelta average(List<ParameterDelta> deltas) {
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
        for (int i = 0; i < dense.length; i++) dense[i] /= p;
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
