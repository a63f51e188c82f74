package io.gprec.stream.metrics;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Exact AUC of every (score, label) pair added so far, in expected O(log n) per pair and no re-sort.
 *
 * <p>Same bookkeeping as {@link io.gprec.metrics.SlidingWindowAuc} without eviction: the Mann-Whitney statistic is
 * held as twice the concordant pairs (a tie counts 1), updated from rank queries on the other class, so the result
 * equals {@link io.gprec.metrics.BinaryMetrics#auc(double[], int[], int)} on all pairs bit for bit. The count is a
 * {@code long} of at most n^2/2, exact up to about 4 billion pairs.
 */
final class IncrementalAuc {

    private final ScoreCounts positives;
    private final ScoreCounts negatives;
    private long twiceConcordant;

    IncrementalAuc() {
        this(new ScoreCounts(), new ScoreCounts(), 0);
    }

    private IncrementalAuc(ScoreCounts positives, ScoreCounts negatives, long twiceConcordant) {
        this.positives = positives;
        this.negatives = negatives;
        this.twiceConcordant = twiceConcordant;
    }

    /** Adds a pair; the score must not be NaN and the label must be 0 or 1 (checked by the caller). */
    void add(double score, int label) {
        // Fold -0.0 into 0.0: the treap orders by Double.compare, which would otherwise split the two zeros.
        double s = score + 0.0;
        if (label == 1) {
            twiceConcordant += 2 * negatives.countLess(s) + negatives.countEqual(s);
            positives.add(s);
        } else {
            twiceConcordant += 2 * positives.countGreater(s) + positives.countEqual(s);
            negatives.add(s);
        }
    }

    /** The AUC, or NaN while only one class (or nothing) has been seen. */
    double auc() {
        long pos = positives.size();
        long neg = negatives.size();
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        // The same expression as BinaryMetrics.aucFromTwiceConcordant, so equal counts give identical doubles.
        return twiceConcordant / (2.0 * pos * neg);
    }

    long count() {
        return positives.size() + negatives.size();
    }

    long positives() {
        return positives.size();
    }

    void write(DataOutputStream out) throws IOException {
        out.writeLong(twiceConcordant);
        positives.write(out);
        negatives.write(out);
    }

    static IncrementalAuc read(DataInputStream in) throws IOException {
        long twice = in.readLong();
        ScoreCounts pos = ScoreCounts.read(in);
        ScoreCounts neg = ScoreCounts.read(in);
        double pairs = (double) pos.size() * neg.size();
        if (twice < 0 || twice > 2 * pairs) {
            throw new IllegalArgumentException("corrupt AUC state: " + twice + " half-pairs for " + pos.size()
                    + " positives and " + neg.size() + " negatives");
        }
        return new IncrementalAuc(pos, neg, twice);
    }
}
