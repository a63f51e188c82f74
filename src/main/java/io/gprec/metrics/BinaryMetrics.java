package io.gprec.metrics;

import java.util.Arrays;

/** Exact ROC AUC and log loss over the first {@code n} (score, label) pairs of parallel arrays; labels are 0 or 1. */
public final class BinaryMetrics {

    /** Probabilities are clipped to [EPS, 1 - EPS] so a confident miss costs a finite ~16.1 nats, not infinity. */
    static final double LOG_LOSS_EPS = 1e-7;

    private BinaryMetrics() {
    }

    /** Exact ROC AUC with ties counted as 1/2 (Mann-Whitney), by sorting scores; O(n log n). Throws IllegalArgumentException if labels are all one class. */
    public static double auc(float[] scores, int[] labels, int n) {
        checkLengths(scores.length, labels.length, n);
        double[] widened = new double[n];
        for (int i = 0; i < n; i++) {
            widened[i] = scores[i];
        }
        return auc(widened, labels, n);
    }

    /** Exact ROC AUC with ties counted as 1/2 (Mann-Whitney), by sorting scores; O(n log n). Throws IllegalArgumentException if labels are all one class. */
    public static double auc(double[] scores, int[] labels, int n) {
        checkLengths(scores.length, labels.length, n);
        int positives = 0;
        for (int i = 0; i < n; i++) {
            positives += checkLabel(labels[i]);
        }
        int negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException(
                    "AUC is undefined when all labels are one class (" + positives + " positive, " + negatives + " negative)");
        }
        double[] pos = new double[positives];
        double[] neg = new double[negatives];
        int p = 0;
        int q = 0;
        for (int i = 0; i < n; i++) {
            double s = checkScore(scores[i]);
            if (labels[i] == 1) {
                pos[p++] = s;
            } else {
                neg[q++] = s;
            }
        }
        // Sorting each class separately keeps everything primitive (no boxed index sort) and lets one
        // merge walk count, for every positive, the negatives strictly below it and tied with it.
        Arrays.sort(pos);
        Arrays.sort(neg);
        long twiceConcordant = 0;
        int below = 0;
        int belowOrEqual = 0;
        for (double s : pos) {
            while (below < negatives && neg[below] < s) {
                below++;
            }
            if (belowOrEqual < below) {
                belowOrEqual = below;
            }
            while (belowOrEqual < negatives && neg[belowOrEqual] <= s) {
                belowOrEqual++;
            }
            twiceConcordant += below + (long) belowOrEqual;
        }
        return aucFromTwiceConcordant(twiceConcordant, positives, negatives);
    }

    /** Mean binary cross-entropy with probabilities clipped to [1e-7, 1-1e-7]. */
    public static double logLoss(float[] scores, int[] labels, int n) {
        checkLengths(scores.length, labels.length, n);
        checkNonEmpty(n);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += crossEntropy(scores[i], labels[i]);
        }
        return sum / n;
    }

    /** Mean binary cross-entropy with probabilities clipped to [1e-7, 1-1e-7]. */
    public static double logLoss(double[] scores, int[] labels, int n) {
        checkLengths(scores.length, labels.length, n);
        checkNonEmpty(n);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += crossEntropy(scores[i], labels[i]);
        }
        return sum / n;
    }

    /**
     * AUC from twice the concordant-pair count (a tie counts 1, a correctly ordered pair 2).
     * Shared with {@link SlidingWindowAuc} so both produce bit-identical results for the same counts.
     */
    static double aucFromTwiceConcordant(long twiceConcordant, long positives, long negatives) {
        return twiceConcordant / (2.0 * positives * negatives);
    }

    /** Clipped binary cross-entropy of one prediction (the term {@link #logLoss} averages). */
    public static double crossEntropy(double score, int label) {
        checkLabel(label);
        double p = Math.min(Math.max(checkScore(score), LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
        return label == 1 ? -Math.log(p) : -Math.log1p(-p);
    }

    /** Returns the label as 0/1 after rejecting anything else. */
    static int checkLabel(int label) {
        if (label != 0 && label != 1) {
            throw new IllegalArgumentException("labels must be 0 or 1, got " + label);
        }
        return label;
    }

    /** Rejects NaN and folds -0.0 into 0.0, so the two zeros tie as they compare equal with ==. */
    static double checkScore(double score) {
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("score is NaN");
        }
        return score + 0.0;
    }

    private static void checkLengths(int scoresLength, int labelsLength, int n) {
        if (n < 0 || n > scoresLength || n > labelsLength) {
            throw new IllegalArgumentException(
                    "n=" + n + " out of range for " + scoresLength + " scores and " + labelsLength + " labels");
        }
    }

    private static void checkNonEmpty(int n) {
        if (n == 0) {
            throw new IllegalArgumentException("log loss of zero examples is undefined");
        }
    }
}
