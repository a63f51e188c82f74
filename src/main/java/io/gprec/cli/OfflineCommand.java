package io.gprec.cli;

import io.gprec.cli.util.Args;
import io.gprec.cli.util.JsonReport;
import io.gprec.cli.util.ProgressBar;
import io.gprec.data.Dataset;
import io.gprec.model.GprecConfig;
import io.gprec.model.ModelSnapshot;
import io.gprec.model.Provenance;
import io.gprec.offline.OfflineEvaluator;
import io.gprec.offline.OfflineOptions;
import io.gprec.offline.OfflineResult;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code gprec offline}: the paper's offline protocol on a dataset.
 *
 * <pre>
 * scripts/gprec offline --data-dir ../shared/datasets/ml-100k --model gprec --strategy input --seed 1 \
 *     --report-json out/offline.json [--epochs 30] [--batch 4096] [--patience 2] [--save-model out/m.gprec]
 * </pre>
 */
final class OfflineCommand {
    private static final Set<String> VALUED = union(ModelFlags.VALUED,
            Set.of("--data-dir", "--epochs", "--batch", "--patience", "--report-json", "--save-model"));

    private OfflineCommand() {}

    static void run(String[] argv) throws IOException {
        Args a = Args.parse("offline", argv, VALUED, ModelFlags.BOOLEAN);
        GprecConfig config = ModelFlags.config(a);
        OfflineOptions options = new OfflineOptions(DataFlags.dataDir(a), config,
                a.positiveInt("--batch", OfflineOptions.DEFAULT_BATCH),
                a.positiveInt("--epochs", OfflineOptions.DEFAULT_EPOCHS),
                a.positiveInt("--patience", OfflineOptions.DEFAULT_PATIENCE), config.seed);
        Dataset dataset = DataFlags.read(a);
        System.err.printf("offline: %s, %,d interactions; model %s, backbone %s, strategy %s, seed %d, batch %d%n",
                dataset.name(), dataset.interactions().size(), config.kind.name().toLowerCase(), config.backbone.name().toLowerCase(),
                config.strategy.name().toLowerCase(), config.seed, options.batchSize());
        OfflineEvaluator evaluator = new OfflineEvaluator(options, new ProgressListener());
        OfflineResult r = evaluator.run(dataset);
        System.out.printf("test_auc %.6f  test_logloss %.6f  (best validation AUC %.6f at epoch %d of %d, %.1f s)%n",
                r.testAuc(), r.testLogLoss(), r.bestValidationAuc(), r.bestEpoch(), r.epochsRun(), r.trainSeconds());
        Map<String, Object> report = new LinkedHashMap<>(r.toReport());
        report.put("dataset", dataset.name());
        report.put("config", config.toMap());
        a.string("--report-json").ifPresent(f -> JsonReport.write(Path.of(f), report));
        if (a.string("--save-model").isPresent()) {
            Map<String, String> prov = new LinkedHashMap<>();
            prov.put("command", "offline");
            prov.put("data", options.dataDir().toString());
            prov.put("seed", Long.toString(config.seed));
            prov.put("backbone", config.backbone.name());
            prov.put("test_auc", Double.toString(r.testAuc()));
            ModelSnapshot.write(evaluator.bestModel(), Provenance.of(prov), Path.of(a.string("--save-model").get()));
        }
    }

    /** One progress bar per epoch, and a line with the validation AUC after it. */
    private static final class ProgressListener implements OfflineEvaluator.Listener {
        private ProgressBar bar;

        @Override
        public void epochStarted(int epoch, int batches) {
            bar = new ProgressBar("epoch " + epoch, batches, "batches");
        }

        @Override
        public void batchDone(int examples) {
            bar.step(1);
        }

        @Override
        public void epochDone(int epoch, double validationAuc, boolean best) {
            bar.finish();
            System.err.printf("epoch %d: validation AUC %.6f%s%n", epoch, validationAuc, best ? " (best)" : "");
        }
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> s = new HashSet<>(a);
        s.addAll(b);
        return s;
    }
}
