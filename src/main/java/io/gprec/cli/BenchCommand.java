package io.gprec.cli;

import io.gprec.cli.util.Args;
import io.gprec.cli.util.JsonReport;
import io.gprec.cli.util.ProgressBar;
import io.gprec.data.Dataset;
import io.gprec.model.GprecConfig;
import io.gprec.offline.ThroughputBench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code gprec bench}: training throughput in examples/s.
 *
 * <pre>
 * scripts/gprec bench --data-dir ../shared/datasets/ml-100k --model gprec --strategy input --batch 4096 \
 *     [--warmup 10] [--seconds 20] [--report-json out/bench.json]
 * </pre>
 */
final class BenchCommand {
    private static final Set<String> VALUED = OfflineCommand.union(ModelFlags.VALUED,
            Set.of("--data-dir", "--batch", "--warmup", "--seconds", "--report-json"));

    private BenchCommand() {}

    static void run(String[] argv) {
        Args a = Args.parse("bench", argv, VALUED, ModelFlags.BOOLEAN);
        GprecConfig config = ModelFlags.config(a);
        int batch = a.positiveInt("--batch", 4096);
        int warmup = a.positiveInt("--warmup", 10);
        double seconds = a.doubleValue("--seconds", 20);
        Dataset dataset = DataFlags.read(a);
        if (batch > dataset.interactions().size()) {
            throw new io.gprec.cli.util.UsageException("--batch " + batch + " exceeds the " + dataset.interactions().size()
                    + " interactions of " + dataset.name());
        }
        ThroughputBench.Result r;
        try (ProgressBar bar = new ProgressBar("bench", 0, "steps")) {
            r = ThroughputBench.run(dataset, config, batch, warmup, seconds, () -> bar.step(1));
        }
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf("examples_per_second %.0f  (model %s, backbone %s, strategy %s, batch %d, %d steps in %.1f s, %d cores, OPENBLAS_NUM_THREADS=%s)%n",
                r.examplesPerSecond(), config.kind.name().toLowerCase(), config.backbone.name().toLowerCase(), config.strategy.name().toLowerCase(), batch,
                r.steps(), r.seconds(), cores, System.getenv().getOrDefault("OPENBLAS_NUM_THREADS", "unset"));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("examples_per_second", r.examplesPerSecond());
        report.put("batch", batch);
        report.put("steps", r.steps());
        report.put("seconds", r.seconds());
        report.put("examples_per_cpu_second", r.examplesPerCpuSecond());
        report.put("warmup_steps", r.warmupSteps());
        report.put("cores", cores);
        report.put("openblas_threads", System.getenv().getOrDefault("OPENBLAS_NUM_THREADS", "unset"));
        report.put("config", config.toMap());
        a.string("--report-json").ifPresent(f -> JsonReport.write(Path.of(f), report));
    }
}
