package io.gprec.stream.metrics;

import io.gprec.metrics.SlidingWindowAuc;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * AUC and mean log loss of the last N predictions.
 *
 * <p>AUC comes from {@link SlidingWindowAuc}, whose state is an exact integer count, so replaying the window contents
 * after a restore reproduces it bit for bit. Its log loss is a floating running sum that a replay would not reproduce,
 * so the loss is kept here (same subtract-and-resum scheme) in a ring whose slots and running sum are serialized as is.
 */
final class WindowMetrics {

    private final int capacity;
    private final SlidingWindowAuc auc;
    private final double[] scores;
    private final byte[] labels;
    private final double[] losses;
    private int oldest;
    private int filled;
    private double lossSum;
    // Subtracting evicted losses leaves rounding residue that would accumulate on an endless stream; re-summing once
    // per window turnover bounds it at O(1) amortized cost per event.
    private int evictionsSinceResum;

    WindowMetrics(int capacity) {
        this.auc = new SlidingWindowAuc(capacity);
        this.capacity = capacity;
        this.scores = new double[capacity];
        this.labels = new byte[capacity];
        this.losses = new double[capacity];
    }

    /** Adds a pair (score not NaN, label 0/1, checked by the caller) with its precomputed loss. */
    void add(double score, int label, double loss) {
        auc.add(score, label);
        int slot;
        if (filled == capacity) {
            slot = oldest;
            oldest = (oldest + 1) % capacity;
            lossSum -= losses[slot];
            if (++evictionsSinceResum >= capacity) {
                resumLossesExcept(slot);
            }
        } else {
            slot = (oldest + filled) % capacity;
            filled++;
        }
        scores[slot] = score;
        labels[slot] = (byte) label;
        losses[slot] = loss;
        lossSum += loss;
    }

    double auc() {
        return auc.auc();
    }

    /** Mean clipped cross-entropy over the window, or NaN while it is empty. */
    double logLoss() {
        return filled == 0 ? Double.NaN : lossSum / filled;
    }

    int size() {
        return filled;
    }

    private void resumLossesExcept(int evictedSlot) {
        double sum = 0;
        for (int i = 0; i < filled; i++) {
            if (i != evictedSlot) {
                sum += losses[i];
            }
        }
        lossSum = sum;
        evictionsSinceResum = 0;
    }

    /** Writes the slots in array order (not age order) so a restore keeps the re-sum's summation order. */
    void write(DataOutputStream out) throws IOException {
        out.writeInt(oldest);
        out.writeInt(filled);
        for (int i = 0; i < filled; i++) {
            out.writeDouble(scores[i]);
            out.writeByte(labels[i]);
        }
        out.writeDouble(lossSum);
        out.writeInt(evictionsSinceResum);
    }

    static WindowMetrics read(DataInputStream in, int capacity) throws IOException {
        WindowMetrics w = new WindowMetrics(capacity);
        int oldest = in.readInt();
        int filled = in.readInt();
        // The window only rotates once full, so a partial window always starts at slot 0.
        if (filled < 0 || filled > capacity || oldest < 0 || oldest >= capacity || (filled < capacity && oldest != 0)) {
            throw new IllegalArgumentException("corrupt window state: oldest=" + oldest + ", filled=" + filled
                    + " for a window of " + capacity);
        }
        for (int i = 0; i < filled; i++) {
            double score = in.readDouble();
            int label = in.readByte();
            if (Double.isNaN(score) || (label != 0 && label != 1)) {
                throw new IllegalArgumentException("corrupt window state: score " + score + ", label " + label);
            }
            w.scores[i] = score;
            w.labels[i] = (byte) label;
            w.losses[i] = ClippedLogLoss.of(score, label);
        }
        // Replay in age order: AUC depends only on the contents, and the eviction order must match the original.
        for (int k = 0; k < filled; k++) {
            int slot = (oldest + k) % capacity;
            w.auc.add(w.scores[slot], w.labels[slot]);
        }
        w.oldest = oldest;
        w.filled = filled;
        w.lossSum = in.readDouble();
        w.evictionsSinceResum = in.readInt();
        if (w.evictionsSinceResum < 0 || w.evictionsSinceResum >= capacity) {
            throw new IllegalArgumentException("corrupt window state: " + w.evictionsSinceResum
                    + " evictions since the last re-sum for a window of " + capacity);
        }
        return w;
    }
}
