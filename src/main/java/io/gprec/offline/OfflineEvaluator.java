package io.gprec.offline;

import io.gprec.data.Dataset;
import io.gprec.data.DatasetException;
import io.gprec.data.Split;
import io.gprec.model.GprecModel;
import io.gprec.model.ModelSnapshot;
import io.gprec.model.Provenance;
import io.gprec.model.Rng;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the paper's offline protocol on a dataset (see {@link OfflineOptions}). Deterministic:
 * the split, the model's initialisation, its noise and the epoch shuffles all derive from the seed.
 */
public final class OfflineEvaluator {
    /** Progress callbacks for the CLI: called after each batch and after each epoch. */
    public interface Listener {
        default void epochStarted(int epoch, int batches) {}
        default void batchDone(int examples) {}
        default void epochDone(int epoch, double validationAuc, boolean best) {}
    }

    private final OfflineOptions options;
    private final Listener listener;
    private GprecModel bestModel;

    public OfflineEvaluator(OfflineOptions options, Listener listener) {
        this.options = options;
        this.listener = listener;
    }

    public OfflineResult run(Dataset dataset) {
        Split split = Split.random(dataset.interactions(), options.seed(), 0.8, 0.1);
        int fields = dataset.schema().size();
        EncodedExamples train = EncodedExamples.encode(split.train(), fields);
        EncodedExamples validation = EncodedExamples.encode(split.validation(), fields);
        EncodedExamples test = EncodedExamples.encode(split.test(), fields);
        requireBothLabels("validation", validation);
        requireBothLabels("test", test);
        GprecModel model = new GprecModel(options.model(), EncodedExamples.layoutOf(dataset.schema()));

        int batch = options.batchSize();
        long[] keys = new long[batch * fields];
        float[] labels = new float[batch];
        int[] order = new int[train.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Rng shuffler = new Rng(options.seed() ^ 0x5DEECE66DL);

        byte[] best = null;
        double bestAuc = Double.NEGATIVE_INFINITY;
        int bestEpoch = 0, sinceBest = 0, epoch = 0;
        List<Double> curve = new ArrayList<>();
        long start = System.nanoTime();
        while (epoch < options.maxEpochs() && sinceBest < options.patience()) {
            epoch++;
            shuffle(order, shuffler);
            listener.epochStarted(epoch, (order.length + batch - 1) / batch);
            for (int from = 0; from < order.length; from += batch) {
                int to = Math.min(order.length, from + batch);
                model.train(train.batch(order, from, to, keys, labels));
                listener.batchDone(to - from);
            }
            double auc = Predictions.evaluate(model, validation).auc();
            curve.add(auc);
            boolean improved = auc > bestAuc;
            if (improved) {
                bestAuc = auc;
                bestEpoch = epoch;
                sinceBest = 0;
                best = serialize(model);
            } else {
                sinceBest++;
            }
            listener.epochDone(epoch, auc, improved);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        bestModel = deserialize(best);
        Predictions.Quality q = Predictions.evaluate(bestModel, test);
        return new OfflineResult(q.auc(), q.logLoss(), bestAuc, bestEpoch, epoch, curve, seconds);
    }

    /** The best-validation model of the last {@link #run}. */
    public GprecModel bestModel() { return bestModel; }

    private static void requireBothLabels(String split, EncodedExamples e) {
        int positives = 0;
        for (int i = 0; i < e.size(); i++) positives += e.label(i);
        if (positives == 0 || positives == e.size()) {
            throw new DatasetException("the " + split + " split has " + e.size() + " examples, " + positives
                    + " positive: AUC needs both labels; the dataset is too small");
        }
    }

    private static void shuffle(int[] a, Rng rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = (int) Long.remainderUnsigned(rng.nextLong(), i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static byte[] serialize(GprecModel model) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ModelSnapshot.write(model, new Provenance(Map.of()), out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static GprecModel deserialize(byte[] bytes) {
        try {
            return ModelSnapshot.read(new ByteArrayInputStream(bytes)).model();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
