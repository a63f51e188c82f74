package io.gprec.synth;

import io.gprec.data.Dataset;
import io.gprec.data.FeatureKeys;
import io.gprec.data.Interaction;
import io.gprec.metrics.AdjustedMutualInformation;
import io.gprec.metrics.BinaryMetrics;
import io.gprec.model.Batch;
import io.gprec.model.GprecConfig;
import io.gprec.model.GprecModel;
import io.gprec.model.ModelKind;
import io.gprec.model.Rng;
import io.gprec.offline.EncodedExamples;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Does a model find the planted groups? Trains test-then-train over a synthetic stream (each mini-batch is
 * first predicted, then trained on, in stream order), then asks the trained model for every user's strongest
 * group and compares it with the planted group by adjusted mutual information. As a control, the same AMI
 * against a seeded shuffle of the planted groups (should be about 0).
 *
 * <pre>
 * GroupRecovery.Result r = GroupRecovery.run(layout, dataset, GprecConfig.builder().groups(4).build(), 256);
 * </pre>
 */
public final class GroupRecovery {
    /**
     * @param prequentialAuc AUC of the predictions made before training on each batch, over the whole stream
     * @param last20Auc      the same over the last 20 % of events
     * @param ami            AMI(argmax group of the trained model, planted group) over users seen in the stream,
     *                       NaN for the base model (it has no groups)
     * @param shuffledAmi    AMI(argmax group, shuffled planted groups): the chance level
     * @param users          users compared
     * @param groupsUsed     distinct argmax groups among them
     */
    public record Result(double prequentialAuc, double last20Auc, double ami, double shuffledAmi, int users, int groupsUsed) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("prequential_auc", prequentialAuc);
            m.put("last20_auc", last20Auc);
            m.put("ami", ami);
            m.put("shuffled_ami", shuffledAmi);
            m.put("users", users);
            m.put("groups_used", groupsUsed);
            return m;
        }
    }

    private GroupRecovery() {}

    public static Result run(SyntheticLayout layout, Dataset dataset, GprecConfig config, int batchSize) {
        if (!dataset.schema().equals(layout.schema())) {
            throw new IllegalArgumentException("dataset schema " + dataset.schema() + " is not the layout's " + layout.schema());
        }
        List<Interaction> events = dataset.interactions();
        int fields = dataset.schema().size();
        EncodedExamples encoded = EncodedExamples.encode(events, fields);
        GprecModel model = new GprecModel(config, EncodedExamples.layoutOf(dataset.schema()));
        int n = encoded.size();
        double[] scores = new double[n];
        long[] keys = new long[batchSize * fields];
        float[] labels = new float[batchSize];
        double[] out = new double[batchSize];
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            Batch batch = encoded.batch(null, from, to, keys, labels);
            model.predict(batch, out);
            System.arraycopy(out, 0, scores, from, to - from);
            model.train(batch);
        }
        int[] y = encoded.labels();
        int tail = n - n / 5;
        double auc = BinaryMetrics.auc(scores, y, n);
        double last20 = BinaryMetrics.auc(java.util.Arrays.copyOfRange(scores, tail, n),
                java.util.Arrays.copyOfRange(y, tail, n), n - tail);
        if (config.kind == ModelKind.BASE) {
            return new Result(auc, last20, Double.NaN, Double.NaN, 0, 0);
        }
        return compareGroups(layout, model, events, fields, auc, last20, config.seed);
    }

    /** One row per user seen (its last event's values), scored by the trained model to read its group. */
    private static Result compareGroups(SyntheticLayout layout, GprecModel model, List<Interaction> events, int fields,
                                        double auc, double last20, long seed) {
        int userField = layout.schema().indexOf(SyntheticLayout.USER_ID);
        Map<String, Interaction> lastByUser = new LinkedHashMap<>();
        for (Interaction x : events) lastByUser.put(x.values()[userField], x);
        int users = lastByUser.size();
        long[] keys = new long[users * fields];
        int k = 0;
        int[] planted = new int[users];
        for (Map.Entry<String, Interaction> e : lastByUser.entrySet()) {
            System.arraycopy(FeatureKeys.keys(e.getValue()), 0, keys, k * fields, fields);
            planted[k++] = layout.plantedGroup(e.getKey());
        }
        int[] found = new int[users];
        model.predict(new Batch(users, fields, keys, new float[users]), new double[users], found);
        int[] shuffled = planted.clone();
        Rng rng = new Rng(seed ^ 0x51A7E5L);
        for (int i = shuffled.length - 1; i > 0; i--) {
            int j = (int) Long.remainderUnsigned(rng.nextLong(), i + 1);
            int t = shuffled[i];
            shuffled[i] = shuffled[j];
            shuffled[j] = t;
        }
        int used = (int) java.util.Arrays.stream(found).distinct().count();
        return new Result(auc, last20, AdjustedMutualInformation.ami(found, planted),
                AdjustedMutualInformation.ami(found, shuffled), users, used);
    }
}
