package io.gprec.offline;

import io.gprec.metrics.BinaryMetrics;
import io.gprec.model.GprecModel;

/** Scores a whole example set with a model (inference mode, in chunks) and measures AUC and LogLoss. */
final class Predictions {
    private static final int CHUNK = 8192;

    private Predictions() {}

    record Quality(double auc, double logLoss) {}

    static Quality evaluate(GprecModel model, EncodedExamples examples) {
        int n = examples.size(), f = examples.fields();
        double[] scores = new double[n], chunk = new double[CHUNK];
        long[] keys = new long[CHUNK * f];
        float[] labels = new float[CHUNK];
        for (int from = 0; from < n; from += CHUNK) {
            int to = Math.min(n, from + CHUNK);
            model.predict(examples.batch(null, from, to, keys, labels), chunk);
            System.arraycopy(chunk, 0, scores, from, to - from);
        }
        int[] y = examples.labels();
        return new Quality(BinaryMetrics.auc(scores, y, n), BinaryMetrics.logLoss(scores, y, n));
    }
}
