package io.gprec.model;

/** Column-wise concatenation of row-aligned tensors, and the split of its gradient. */
final class Concat {
    private Concat() {}

    /** out[:, blocks...] = [a | b | c ...] (null parts skipped); out must have the summed width. */
    static void into(Tensor out, Tensor... parts) {
        int n = out.rows(), w = out.cols(), col = 0;
        for (Tensor p : parts) {
            if (p == null) continue;
            int pw = p.cols();
            for (int r = 0; r < n; r++) out.copyFrom(p, r * pw, r * w + col, pw);
            col += pw;
        }
        if (col != w) throw new IllegalArgumentException("concat width " + col + " != " + w);
    }

    /** Copies column blocks of {@code grad} back into the parts' gradients (null parts skipped). */
    static void split(Tensor grad, Tensor... parts) {
        int n = grad.rows(), w = grad.cols(), col = 0;
        for (Tensor p : parts) {
            if (p == null) continue;
            int pw = p.cols();
            for (int r = 0; r < n; r++) p.copyFrom(grad, r * w + col, r * pw, pw);
            col += pw;
        }
    }

    /** Like split, but adds into the parts; a part may be null to skip its block. */
    static void addSplit(Tensor grad, int[] widths, Tensor... parts) {
        int n = grad.rows(), w = grad.cols(), col = 0;
        for (int i = 0; i < parts.length; i++) {
            Tensor p = parts[i];
            int pw = widths[i];
            if (p != null) {
                for (int r = 0; r < n; r++) p.addFrom(grad, r * w + col, r * pw, pw);
            }
            col += pw;
        }
    }
}
