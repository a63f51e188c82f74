package io.gprec.offline;

import io.gprec.data.Dataset;
import io.gprec.model.GprecConfig;
import io.gprec.model.GprecModel;
import io.gprec.model.Rng;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Training throughput: examples per second over shuffled mini-batches of a dataset, counting
 * training steps only, after warm-up steps that let the JIT and BLAS settle.
 */
public final class ThroughputBench {
    /**
     * Result of one measurement. {@code cpuSeconds} is the training thread's CPU time over the
     * measured steps (BLAS runs on that thread with one OpenBLAS thread): on a shared machine,
     * examples per CPU-second varies far less than examples per wall-second.
     */
    public record Result(double examplesPerSecond, long examples, double seconds, int warmupSteps, int steps,
                         double cpuSeconds) {
        public double examplesPerCpuSecond() { return examples / cpuSeconds; }
    }

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
        long examples = 0, measuredNanos = 0, cpuNanos = 0;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
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
            long c0 = threads.getCurrentThreadCpuTime(), t0 = System.nanoTime();
            model.train(b);
            long dt = System.nanoTime() - t0, dc = threads.getCurrentThreadCpuTime() - c0;
            if (i >= warmupSteps) {
                measuredNanos += dt;
                cpuNanos += dc;
                examples += b.size();
                steps++;
                onStep.run();
                if (measuredNanos / 1e9 >= minSeconds && steps >= 5) break;
            }
        }
        double seconds = measuredNanos / 1e9;
        return new Result(examples / seconds, examples, seconds, warmupSteps, steps, cpuNanos / 1e9);
    }
}
