package io.gprec.offline;

import io.gprec.data.Dataset;
import io.gprec.model.GprecConfig;
import io.gprec.model.GprecModel;
import io.gprec.model.Rng;

/**
 * Training throughput: examples per second over shuffled mini-batches of a dataset, counting
 * training steps only, after warm-up steps that let the JIT and BLAS settle.
 */
public final class ThroughputBench {
    /** Result of one measurement. */
    public record Result(double examplesPerSecond, long examples, double seconds, int warmupSteps, int steps) {}

    private ThroughputBench() {}

    public static Result run(Dataset dataset, GprecConfig config, int batch, int warmupSteps, double minSeconds,
                             Runnable onStep) {
        int fields = dataset.schema().size();
        EncodedExamples data = EncodedExamples.encode(dataset.interactions(), fields);
        GprecModel model = new GprecModel(config, EncodedExamples.layoutOf(dataset.schema()));
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Rng rng = new Rng(config.seed);
        long[] keys = new long[batch * fields];
        float[] labels = new float[batch];
        int cursor = order.length;
        int steps = 0;
        long examples = 0, measuredNanos = 0;
        for (int i = 0; ; i++) {
            if (cursor + batch > order.length) { // full batches only, reshuffled each pass
                for (int k = order.length - 1; k > 0; k--) {
                    int j = (int) Long.remainderUnsigned(rng.nextLong(), k + 1);
                    int t = order[k];
                    order[k] = order[j];
                    order[j] = t;
                }
                cursor = 0;
            }
            var b = data.batch(order, cursor, Math.min(order.length, cursor + batch), keys, labels);
            cursor += batch;
            long t0 = System.nanoTime();
            model.train(b);
            long dt = System.nanoTime() - t0;
            if (i >= warmupSteps) {
                measuredNanos += dt;
                examples += b.size();
                steps++;
                onStep.run();
                if (measuredNanos / 1e9 >= minSeconds && steps >= 5) break;
            }
        }
        double seconds = measuredNanos / 1e9;
        return new Result(examples / seconds, examples, seconds, warmupSteps, steps);
    }
}
