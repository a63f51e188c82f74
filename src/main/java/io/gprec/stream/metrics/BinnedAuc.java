package io.gprec.stream.metrics;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * AUC of every (score, label) pair of an endless stream in fixed memory: O(1) per pair, O(bins) per query.
 *
 * <p>Scores are counted per class in bins of equal width on the logit scale, which keeps resolution where scores
 * crowd near 0 and 1. Binning is monotone, so every pair of scores in different bins is ordered exactly; only pairs
 * that share a bin are counted as ties (1/2). The exact AUC therefore lies within {@link #errorBound()} of
 * {@link #auc()}: half the share of positive-negative pairs that share a bin. Equal scores are true ties either way.
 *
 * <p>An exact cumulative AUC must keep every distinct score (tens of bytes each, forever, and in every checkpoint);
 * this structure keeps {@code 16 * bins} bytes at most, and the job reports the bound next to the value.
 */
final class BinnedAuc {

    /** Logits beyond ±16 (scores within 1.1e-7 of 0 or 1) share the two end bins. */
    static final double LOGIT_RANGE = 16.0;
    private static final double MIN_SCORE = 1.0 / (1.0 + Math.exp(LOGIT_RANGE));

    private final long[] positives;
    private final long[] negatives;
    private long positiveCount;
    private long negativeCount;

    BinnedAuc(int bins) {
        if (bins < 1 || bins > 1 << 24) {
            throw new IllegalArgumentException("bins must be in [1, 2^24], got " + bins);
        }
        positives = new long[bins];
        negatives = new long[bins];
    }

    /** Adds a pair; the score must be in [0, 1] and not NaN, the label 0 or 1 (checked by the caller). */
    void add(double score, int label) {
        int bin = bin(score, positives.length);
        if (label == 1) {
            positives[bin]++;
            positiveCount++;
        } else {
            negatives[bin]++;
            negativeCount++;
        }
    }

    static int bin(double score, int bins) {
        double s = Math.min(Math.max(score, MIN_SCORE), 1.0 - MIN_SCORE);
        double logit = Math.log(s / (1.0 - s));
        int bin = (int) ((logit + LOGIT_RANGE) * (bins / (2.0 * LOGIT_RANGE)));
        return Math.min(Math.max(bin, 0), bins - 1);
    }

    /** The AUC with pairs inside a bin counted as ties, or NaN while only one class (or nothing) has been seen. */
    double auc() {
        if (positiveCount == 0 || negativeCount == 0) {
            return Double.NaN;
        }
        double concordant = 0;
        long negativesBelow = 0;
        for (int b = 0; b < positives.length; b++) {
            concordant += positives[b] * (negativesBelow + 0.5 * negatives[b]);
            negativesBelow += negatives[b];
        }
        return concordant / ((double) positiveCount * negativeCount);
    }

    /** The largest possible |exact AUC - {@link #auc()}|, or NaN when the AUC is undefined. */
    double errorBound() {
        if (positiveCount == 0 || negativeCount == 0) {
            return Double.NaN;
        }
        double shared = 0;
        for (int b = 0; b < positives.length; b++) {
            shared += (double) positives[b] * negatives[b];
        }
        return 0.5 * shared / ((double) positiveCount * negativeCount);
    }

    long count() {
        return positiveCount + negativeCount;
    }

    long positives() {
        return positiveCount;
    }

    int bins() {
        return positives.length;
    }

    /** Bin count, then only the occupied bins: index, positives, negatives. */
    void write(DataOutputStream out) throws IOException {
        out.writeInt(positives.length);
        int occupied = 0;
        for (int b = 0; b < positives.length; b++) {
            if (positives[b] != 0 || negatives[b] != 0) occupied++;
        }
        out.writeInt(occupied);
        for (int b = 0; b < positives.length; b++) {
            if (positives[b] != 0 || negatives[b] != 0) {
                out.writeInt(b);
                out.writeLong(positives[b]);
                out.writeLong(negatives[b]);
            }
        }
    }

    /** Reads what {@link #write} wrote, which must have {@code bins} bins. */
    static BinnedAuc read(DataInputStream in, int bins) throws IOException {
        int stored = in.readInt();
        if (stored != bins) {
            throw new IllegalArgumentException("AUC state has " + stored + " bins, expected " + bins);
        }
        BinnedAuc auc = new BinnedAuc(bins);
        int occupied = in.readInt();
        if (occupied < 0 || occupied > auc.bins()) {
            throw new IllegalArgumentException("corrupt AUC state: " + occupied + " occupied bins of " + auc.bins());
        }
        int previous = -1;
        for (int i = 0; i < occupied; i++) {
            int b = in.readInt();
            long pos = in.readLong();
            long neg = in.readLong();
            if (b <= previous || b >= auc.bins() || pos < 0 || neg < 0 || pos + neg == 0) {
                throw new IllegalArgumentException("corrupt AUC state: bin " + b + " with " + pos + " positives and "
                        + neg + " negatives after bin " + previous);
            }
            auc.positives[b] = pos;
            auc.negatives[b] = neg;
            auc.positiveCount += pos;
            auc.negativeCount += neg;
            previous = b;
        }
        return auc;
    }
}
