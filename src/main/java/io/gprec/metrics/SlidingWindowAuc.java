package io.gprec.metrics;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Exact AUC over a sliding window of the last N (score,label) pairs, updated incrementally in O(log N) per event
 * (no re-sort per event).
 *
 * <p>Approach: the window's scores are kept per class in an order-statistic treap ({@link ScoreMultiset}), and the
 * Mann-Whitney statistic is held as a {@code long} of twice the concordant pairs (a correctly ordered
 * positive/negative pair counts 2, a tie 1), so halves stay exact. Adding or evicting a positive with score s changes
 * it by {@code 2 * #negatives below s + #negatives equal to s}; a negative symmetrically against the positives above
 * it. Both are rank queries on the other class's treap, so every event costs O(log N) expected and the result equals
 * {@link BinaryMetrics#auc(double[], int[], int)} on the window contents bit for bit.
 */
public final class SlidingWindowAuc {

    private final int windowSize;
    private final double[] scores;
    private final byte[] labels;
    private final double[] losses;
    private int oldest;
    private int filled;

    private final ScoreMultiset positives = new ScoreMultiset();
    private final ScoreMultiset negatives = new ScoreMultiset();
    private long twiceConcordant;

    private double lossSum;
    // Subtracting evicted losses leaves rounding residue that would otherwise accumulate forever on an endless stream;
    // re-summing the buffer once per window turnover bounds it at O(1) amortized cost per event.
    private int evictionsSinceResum;

    public SlidingWindowAuc(int windowSize) {
        if (windowSize < 1) {
            throw new IllegalArgumentException("window size must be positive, got " + windowSize);
        }
        this.windowSize = windowSize;
        this.scores = new double[windowSize];
        this.labels = new byte[windowSize];
        this.losses = new double[windowSize];
    }

    /** Adds a pair with label 0 or 1, evicting the oldest pair when the window is full; NaN scores are rejected. */
    public void add(double score, int label) {
        double s = BinaryMetrics.checkScore(score);
        double loss = BinaryMetrics.crossEntropy(s, BinaryMetrics.checkLabel(label));
        int slot;
        if (filled == windowSize) {
            slot = oldest;
            evict(slot);
            oldest = (oldest + 1) % windowSize;
        } else {
            slot = (oldest + filled) % windowSize;
            filled++;
        }
        scores[slot] = s;
        labels[slot] = (byte) label;
        losses[slot] = loss;
        lossSum += loss;
        if (label == 1) {
            twiceConcordant += pairsAsPositive(s);
            positives.add(s);
        } else {
            twiceConcordant += pairsAsNegative(s);
            negatives.add(s);
        }
    }

    /** AUC of the window, or NaN while the window holds only one class (or nothing). */
    public double auc() {
        long pos = positives.size();
        long neg = negatives.size();
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return BinaryMetrics.aucFromTwiceConcordant(twiceConcordant, pos, neg);
    }

    /** Mean clipped binary cross-entropy over the window, or NaN while it is empty. */
    public double logLoss() {
        return filled == 0 ? Double.NaN : lossSum / filled;
    }

    /** Number of pairs currently in the window (at most the window size). */
    public long size() {
        return filled;
    }

    private void evict(int slot) {
        double s = scores[slot];
        // Remove from its own class first so the pair count is taken only against the other class.
        if (labels[slot] == 1) {
            positives.remove(s);
            twiceConcordant -= pairsAsPositive(s);
        } else {
            negatives.remove(s);
            twiceConcordant -= pairsAsNegative(s);
        }
        lossSum -= losses[slot];
        if (++evictionsSinceResum >= windowSize) {
            resumLosses(slot);
        }
    }

    /** Twice the concordant pairs a positive with score s forms with the negatives in the window. */
    private long pairsAsPositive(double s) {
        return 2 * negatives.countLess(s) + negatives.countEqual(s);
    }

    /** Twice the concordant pairs a negative with score s forms with the positives in the window. */
    private long pairsAsNegative(double s) {
        return 2 * positives.countGreater(s) + positives.countEqual(s);
    }

    /** Recomputes the loss sum from scratch over every slot except the one being evicted. */
    private void resumLosses(int evictedSlot) {
        double sum = 0;
        for (int i = 0; i < filled; i++) {
            if (i != evictedSlot) {
                sum += losses[i];
            }
        }
        lossSum = sum;
        evictionsSinceResum = 0;
    }

    /**
     * Writes the window so that {@link #read} continues exactly: slots in array order (not age order) and the running
     * loss sum as is, since a replay would not reproduce its rounding; the AUC counts are exact and are rebuilt.
     */
    public void write(DataOutputStream out) throws IOException {
        out.writeInt(oldest);
        out.writeInt(filled);
        for (int i = 0; i < filled; i++) {
            out.writeDouble(scores[i]);
            out.writeByte(labels[i]);
        }
        out.writeDouble(lossSum);
        out.writeInt(evictionsSinceResum);
    }

    /** Reads a window written by {@link #write}; corrupt state is an IllegalArgumentException. */
    public static SlidingWindowAuc read(DataInputStream in, int windowSize) throws IOException {
        SlidingWindowAuc w = new SlidingWindowAuc(windowSize);
        int oldest = in.readInt();
        int filled = in.readInt();
        // The window only rotates once full, so a partial window always starts at slot 0.
        if (filled < 0 || filled > windowSize || oldest < 0 || oldest >= windowSize || (filled < windowSize && oldest != 0)) {
            throw new IllegalArgumentException("corrupt window state: oldest=" + oldest + ", filled=" + filled
                    + " for a window of " + windowSize);
        }
        for (int i = 0; i < filled; i++) {
            double score = in.readDouble();
            int label = in.readByte();
            if (Double.isNaN(score) || (label != 0 && label != 1)) {
                throw new IllegalArgumentException("corrupt window state: score " + score + ", label " + label);
            }
            w.scores[i] = score;
            w.labels[i] = (byte) label;
            w.losses[i] = BinaryMetrics.crossEntropy(score, label);
        }
        for (int i = 0; i < filled; i++) {
            double s = w.scores[i];
            if (w.labels[i] == 1) {
                w.twiceConcordant += w.pairsAsPositive(s);
                w.positives.add(s);
            } else {
                w.twiceConcordant += w.pairsAsNegative(s);
                w.negatives.add(s);
            }
        }
        w.oldest = oldest;
        w.filled = filled;
        w.lossSum = in.readDouble();
        w.evictionsSinceResum = in.readInt();
        if (w.evictionsSinceResum < 0 || w.evictionsSinceResum >= windowSize) {
            throw new IllegalArgumentException("corrupt window state: " + w.evictionsSinceResum
                    + " evictions since the last re-sum for a window of " + windowSize);
        }
        return w;
    }
}
