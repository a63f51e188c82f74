package io.gprec.dashboard;

import io.gprec.model.AdamSettings;
import io.gprec.model.Batch;
import io.gprec.model.FieldLayout;
import io.gprec.model.GprecConfig;
import io.gprec.model.GprecModel;
import io.gprec.model.ModelKind;
import io.gprec.model.ModelSnapshot;
import io.gprec.model.Provenance;
import io.gprec.stream.event.Prediction;
import io.gprec.stream.metrics.PrequentialMetrics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * What the streaming job does, in small and without Flink, to feed the dashboard real records: a real model
 * predicts each mini-batch of synthetic clicks, then trains on it (test-then-train); the predictions go through the
 * job's {@link PrequentialMetrics}, and each step's metrics record is the job's JSON ({@code toJson(model)}).
 * Clicks have a planted rule (user u is in segment u % 3, item i in cluster i % 3; a click is likely when they
 * match) so the AUC rises as the model learns.
 */
final class PrequentialRun {
    static final int USERS = 200, ITEMS = 40, BATCH = 128, GROUPS = 6;
    private static final FieldLayout LAYOUT = new FieldLayout(new int[]{0}, new int[]{1}, new int[]{2, 3});

    private final String name;
    private final GprecModel model;
    private final PrequentialMetrics metrics;
    private final Random random;
    private long events;

    PrequentialRun(ModelKind kind, long seed) {
        this.name = kind.name().toLowerCase(java.util.Locale.ROOT);
        this.model = new GprecModel(GprecConfig.builder().kind(kind).seed(seed).groups(GROUPS).embeddingDim(8)
                .backboneHidden(16, 8).headHidden(16, 8).classifierHidden(8, 4).individualHidden(8)
                .adam(AdamSettings.of(0.01, 1e-6)).build(), LAYOUT);
        this.metrics = new PrequentialMetrics(2_000, kind == ModelKind.GPREC ? GROUPS : 0);
        this.random = new Random(seed);
    }

    /** One mini-batch: predict, record, train; returns the metrics record as the job writes it. */
    byte[] step(long nowMillis) {
        long[] keys = new long[BATCH * 4];
        float[] labels = new float[BATCH];
        int[] users = new int[BATCH], items = new int[BATCH];
        for (int k = 0; k < BATCH; k++) {
            int u = random.nextInt(USERS), i = random.nextInt(ITEMS);
            users[k] = u;
            items[k] = i;
            keys[4 * k] = 1_000_000L + u;
            keys[4 * k + 1] = 2_000_000L + u % 3;
            keys[4 * k + 2] = 3_000_000L + i;
            keys[4 * k + 3] = 4_000_000L + i % 3;
            labels[k] = random.nextDouble() < (u % 3 == i % 3 ? 0.9 : 0.1) ? 1 : 0;
        }
        Batch batch = new Batch(BATCH, 4, keys, labels);
        double[] scores = new double[BATCH];
        int[] groups = new int[BATCH];
        model.predict(batch, scores, groups);
        for (int k = 0; k < BATCH; k++) {
            metrics.add(new Prediction("e" + events, "u" + users[k], "i" + items[k], (int) labels[k], scores[k], model.step(),
                    events, groups[k], "clicks/0/" + events), nowMillis);
            events++;
        }
        model.train(batch);
        return metrics.snapshot(nowMillis).toJson(name);
    }

    /** Writes the model as the trainer does after a checkpoint: model-<id>.gprec. */
    Path snapshot(Path dir, long checkpointId) throws IOException {
        Path file = dir.resolve(String.format("model-%06d.gprec", checkpointId));
        ModelSnapshot.write(model, Provenance.of(Map.of("source", "PrequentialRun")), file);
        return file;
    }

    String name() {
        return name;
    }
}
