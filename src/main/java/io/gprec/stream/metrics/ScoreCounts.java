package io.gprec.stream.metrics;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * A grow-only multiset of scores answering "how many are below / equal to x" in expected O(log n).
 *
 * <p>Same treap as {@code io.gprec.metrics.ScoreMultiset} (which is package-private there), but add-only and kept
 * in parallel primitive arrays: a stream never removes from its cumulative counts, and ~36 bytes per distinct score
 * instead of a node object matters when every event brings a new score. Scores must not be NaN and -0.0 must
 * already be folded into 0.0 by the caller.
 */
final class ScoreCounts {

    private static final int NONE = -1;
    private static final int INITIAL_CAPACITY = 16;
    /** Bytes per distinct score in the serialized form: key, count, priority. */
    private static final int BYTES_PER_NODE = Double.BYTES + Long.BYTES + Integer.BYTES;

    private double[] keys = new double[INITIAL_CAPACITY];
    private long[] counts = new long[INITIAL_CAPACITY];
    private long[] subtreeCounts = new long[INITIAL_CAPACITY];
    private int[] left = new int[INITIAL_CAPACITY];
    private int[] right = new int[INITIAL_CAPACITY];
    private int[] priorities = new int[INITIAL_CAPACITY];
    private int nodes;
    private int root = NONE;
    // A fixed-seed xorshift keeps runs reproducible; treap balance only needs priorities independent of keys.
    private int seed = 0x9E3779B9;

    long size() {
        return root == NONE ? 0 : subtreeCounts[root];
    }

    /** Number of distinct scores held. */
    int distinct() {
        return nodes;
    }

    void add(double key) {
        root = insert(root, key);
    }

    long countLess(double key) {
        long less = 0;
        int t = root;
        while (t != NONE) {
            int cmp = Double.compare(key, keys[t]);
            if (cmp == 0) {
                return less + subtree(left[t]);
            }
            if (cmp < 0) {
                t = left[t];
            } else {
                less += subtree(left[t]) + counts[t];
                t = right[t];
            }
        }
        return less;
    }

    long countEqual(double key) {
        int t = root;
        while (t != NONE) {
            int cmp = Double.compare(key, keys[t]);
            if (cmp == 0) {
                return counts[t];
            }
            t = cmp < 0 ? left[t] : right[t];
        }
        return 0;
    }

    long countGreater(double key) {
        return size() - countLess(key) - countEqual(key);
    }

    /** Writes the distinct scores in order with their counts and priorities, and the priority generator's state. */
    void write(DataOutputStream out) throws IOException {
        out.writeInt(seed);
        out.writeInt(nodes);
        int[] stack = new int[Math.max(1, nodes)];
        int depth = 0;
        int t = root;
        while (t != NONE || depth > 0) {
            while (t != NONE) {
                stack[depth++] = t;
                t = left[t];
            }
            t = stack[--depth];
            out.writeDouble(keys[t]);
            out.writeLong(counts[t]);
            out.writeInt(priorities[t]);
            t = right[t];
        }
    }

    /**
     * Reads what {@link #write} wrote. The treap is rebuilt as the Cartesian tree of the stored priorities in key
     * order; xorshift32 never repeats a value within 2^32 - 1 draws, so priorities are distinct, that tree is the
     * unique treap the insertions produced, and later insertions shape it exactly as they would have.
     */
    static ScoreCounts read(DataInputStream in) throws IOException {
        ScoreCounts s = new ScoreCounts();
        s.seed = in.readInt();
        int n = in.readInt();
        // Bound by the bytes actually present so a corrupt count cannot trigger a huge allocation.
        if (n < 0 || n > in.available() / BYTES_PER_NODE) {
            throw new IllegalArgumentException("corrupt score counts: " + n + " distinct scores");
        }
        s.ensureCapacity(n);
        int[] stack = new int[Math.max(1, n)];
        int depth = 0;
        for (int i = 0; i < n; i++) {
            double key = in.readDouble();
            long count = in.readLong();
            int priority = in.readInt();
            if (Double.isNaN(key) || Double.doubleToRawLongBits(key) == Long.MIN_VALUE
                    || (i > 0 && Double.compare(key, s.keys[i - 1]) <= 0) || count <= 0) {
                throw new IllegalArgumentException("corrupt score counts: score " + key + " with count " + count
                        + " at position " + i);
            }
            s.keys[i] = key;
            s.counts[i] = count;
            s.priorities[i] = priority;
            s.left[i] = NONE;
            s.right[i] = NONE;
            // Standard stack construction: pop the right spine while it has lower priority than the new node.
            int last = NONE;
            while (depth > 0 && s.priorities[stack[depth - 1]] < priority) {
                last = stack[--depth];
            }
            s.left[i] = last;
            if (depth > 0) {
                s.right[stack[depth - 1]] = i;
            }
            stack[depth++] = i;
        }
        s.nodes = n;
        s.root = n == 0 ? NONE : stack[0];
        s.recomputeSubtreeCounts();
        return s;
    }

    /** Fills subtree counts children-first: reversed pre-order visits every node after all its descendants. */
    private void recomputeSubtreeCounts() {
        if (root == NONE) {
            return;
        }
        int[] order = new int[nodes];
        int[] stack = new int[nodes];
        int visited = 0;
        int depth = 0;
        stack[depth++] = root;
        while (depth > 0) {
            int t = stack[--depth];
            order[visited++] = t;
            if (left[t] != NONE) {
                stack[depth++] = left[t];
            }
            if (right[t] != NONE) {
                stack[depth++] = right[t];
            }
        }
        for (int i = visited - 1; i >= 0; i--) {
            update(order[i]);
        }
    }

    private int insert(int t, double key) {
        if (t == NONE) {
            return newNode(key);
        }
        int cmp = Double.compare(key, keys[t]);
        if (cmp == 0) {
            counts[t]++;
        } else if (cmp < 0) {
            // Into a local first: the insertion may grow (replace) the arrays, and left[t] = ... would resolve the
            // old array before the call.
            int child = insert(left[t], key);
            left[t] = child;
            if (priorities[left[t]] > priorities[t]) {
                t = rotateRight(t);
            }
        } else {
            int child = insert(right[t], key);
            right[t] = child;
            if (priorities[right[t]] > priorities[t]) {
                t = rotateLeft(t);
            }
        }
        update(t);
        return t;
    }

    private int newNode(double key) {
        ensureCapacity(nodes + 1);
        int t = nodes++;
        keys[t] = key;
        counts[t] = 1;
        subtreeCounts[t] = 1;
        left[t] = NONE;
        right[t] = NONE;
        priorities[t] = nextPriority();
        return t;
    }

    private int rotateRight(int t) {
        int l = left[t];
        left[t] = right[l];
        right[l] = t;
        update(t);
        return l;
    }

    private int rotateLeft(int t) {
        int r = right[t];
        right[t] = left[r];
        left[r] = t;
        update(t);
        return r;
    }

    private void update(int t) {
        subtreeCounts[t] = subtree(left[t]) + subtree(right[t]) + counts[t];
    }

    private long subtree(int t) {
        return t == NONE ? 0 : subtreeCounts[t];
    }

    private void ensureCapacity(int needed) {
        if (needed <= keys.length) {
            return;
        }
        int capacity = Math.max(needed, keys.length + (keys.length >> 1));
        keys = Arrays.copyOf(keys, capacity);
        counts = Arrays.copyOf(counts, capacity);
        subtreeCounts = Arrays.copyOf(subtreeCounts, capacity);
        left = Arrays.copyOf(left, capacity);
        right = Arrays.copyOf(right, capacity);
        priorities = Arrays.copyOf(priorities, capacity);
    }

    private int nextPriority() {
        seed ^= seed << 13;
        seed ^= seed >>> 17;
        seed ^= seed << 5;
        return seed;
    }
}
