package io.gprec.metrics;

/**
 * A multiset of doubles answering "how many are below / equal to x" in expected O(log n): a treap keyed by
 * distinct score, each node holding its multiplicity and the total multiplicity of its subtree.
 */
final class ScoreMultiset {

    /** One distinct score with its multiplicity. */
    private static final class Node {
        final double key;
        final int priority;
        int count = 1;
        long subtreeCount = 1;
        Node left;
        Node right;

        Node(double key, int priority) {
            this.key = key;
            this.priority = priority;
        }
    }

    private Node root;
    // A fixed-seed xorshift keeps runs reproducible; treap balance only needs priorities independent of keys.
    private int seed = 0x9E3779B9;

    long size() {
        return subtreeCount(root);
    }

    void add(double key) {
        root = insert(root, key);
    }

    /** Removes one occurrence of {@code key}; throws IllegalStateException if it is not present. */
    void remove(double key) {
        if (countEqual(key) == 0) {
            throw new IllegalStateException("score " + key + " is not in the multiset");
        }
        root = delete(root, key);
    }

    long countLess(double key) {
        long less = 0;
        Node t = root;
        while (t != null) {
            int cmp = Double.compare(key, t.key);
            if (cmp <= 0) {
                if (cmp == 0) {
                    return less + subtreeCount(t.left);
                }
                t = t.left;
            } else {
                less += subtreeCount(t.left) + t.count;
                t = t.right;
            }
        }
        return less;
    }

    long countEqual(double key) {
        Node t = root;
        while (t != null) {
            int cmp = Double.compare(key, t.key);
            if (cmp == 0) {
                return t.count;
            }
            t = cmp < 0 ? t.left : t.right;
        }
        return 0;
    }

    long countGreater(double key) {
        return size() - countLess(key) - countEqual(key);
    }

    private Node insert(Node t, double key) {
        if (t == null) {
            return new Node(key, nextPriority());
        }
        int cmp = Double.compare(key, t.key);
        if (cmp == 0) {
            t.count++;
        } else if (cmp < 0) {
            t.left = insert(t.left, key);
            if (t.left.priority > t.priority) {
                t = rotateRight(t);
            }
        } else {
            t.right = insert(t.right, key);
            if (t.right.priority > t.priority) {
                t = rotateLeft(t);
            }
        }
        update(t);
        return t;
    }

    private Node delete(Node t, double key) {
        int cmp = Double.compare(key, t.key);
        if (cmp == 0) {
            if (t.count > 1) {
                t.count--;
                update(t);
                return t;
            }
            return merge(t.left, t.right);
        }
        if (cmp < 0) {
            t.left = delete(t.left, key);
        } else {
            t.right = delete(t.right, key);
        }
        update(t);
        return t;
    }

    /** Joins two treaps where every key of {@code a} is below every key of {@code b}. */
    private static Node merge(Node a, Node b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        if (a.priority > b.priority) {
            a.right = merge(a.right, b);
            update(a);
            return a;
        }
        b.left = merge(a, b.left);
        update(b);
        return b;
    }

    private static Node rotateRight(Node t) {
        Node l = t.left;
        t.left = l.right;
        l.right = t;
        update(t);
        return l;
    }

    private static Node rotateLeft(Node t) {
        Node r = t.right;
        t.right = r.left;
        r.left = t;
        update(t);
        return r;
    }

    private static void update(Node t) {
        t.subtreeCount = subtreeCount(t.left) + subtreeCount(t.right) + t.count;
    }

    private static long subtreeCount(Node t) {
        return t == null ? 0 : t.subtreeCount;
    }

    private int nextPriority() {
        seed ^= seed << 13;
        seed ^= seed >>> 17;
        seed ^= seed << 5;
        return seed;
    }
}
