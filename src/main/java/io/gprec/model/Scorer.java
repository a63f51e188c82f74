package io.gprec.model;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Serves a model snapshot: loads it and predicts click probabilities, with no Flink or Kafka.
 *
 * <pre>{@code
 * Scorer scorer = Scorer.load(Path.of("snapshots/model-42.gprec"));
 * double p = scorer.score(keys);   // one 64-bit key per field, in the layout's input order
 * }</pre>
 */
public final class Scorer {
    private final GprecModel model;
    private final Provenance provenance;

    private Scorer(ModelSnapshot.Loaded loaded) {
        this.model = loaded.model();
        this.provenance = loaded.provenance();
    }

    public static Scorer load(Path snapshot) throws IOException {
        return new Scorer(ModelSnapshot.read(snapshot));
    }

    public Provenance provenance() { return provenance; }

    public GprecConfig config() { return model.config(); }

    public int fields() { return model.layout().fieldCount(); }

    public synchronized double score(long[] keys) {
        double[] out = new double[1];
        model.predict(new Batch(1, fields(), keys, new float[1]), out);
        return out[0];
    }

    /** Probabilities for a batch (labels are ignored). */
    public synchronized double[] score(Batch batch) {
        double[] out = new double[batch.size()];
        model.predict(batch, out);
        return out;
    }
}
