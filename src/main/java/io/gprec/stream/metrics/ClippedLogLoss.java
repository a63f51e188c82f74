package io.gprec.stream.metrics;

/** Binary cross-entropy of one prediction, clipped exactly like {@code BinaryMetrics} (whose helper is package-private). */
final class ClippedLogLoss {

    /** Probabilities are clipped to [EPS, 1 - EPS] so a confident miss costs a finite ~16.1 nats, not infinity. */
    static final double EPS = 1e-7;

    private ClippedLogLoss() {
    }

    static double of(double score, int label) {
        double p = Math.min(Math.max(score, EPS), 1 - EPS);
        return label == 1 ? -Math.log(p) : -Math.log1p(-p);
    }
}
