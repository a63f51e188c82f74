package io.gprec.offline;

import io.gprec.data.DatasetSchema;
import io.gprec.data.FeatureKeys;
import io.gprec.data.FieldRole;
import io.gprec.data.Interaction;
import io.gprec.model.Batch;
import io.gprec.model.FieldLayout;

import java.util.List;

/** Interactions encoded once into the model's input form: a key per field and a label per example. */
public final class EncodedExamples {
    private final int size, fields;
    private final long[] keys;
    private final float[] labels;

    private EncodedExamples(int size, int fields, long[] keys, float[] labels) {
        this.size = size;
        this.fields = fields;
        this.keys = keys;
        this.labels = labels;
    }

    public static EncodedExamples encode(List<Interaction> interactions, int fields) {
        int n = interactions.size();
        long[] keys = new long[n * fields];
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            Interaction x = interactions.get(i);
            System.arraycopy(FeatureKeys.keys(x), 0, keys, i * fields, fields);
            labels[i] = x.label();
        }
        return new EncodedExamples(n, fields, keys, labels);
    }

    public static FieldLayout layoutOf(DatasetSchema schema) {
        return new FieldLayout(schema.indicesOf(FieldRole.PERSONAL), schema.indicesOf(FieldRole.USER),
                schema.indicesOf(FieldRole.ITEM));
    }

    public int size() { return size; }

    public int fields() { return fields; }

    public int label(int i) { return labels[i] > 0.5f ? 1 : 0; }

    public int[] labels() {
        int[] out = new int[size];
        for (int i = 0; i < size; i++) out[i] = label(i);
        return out;
    }

    /** The examples order[from..to) as a batch, written into the given arrays (sized for the largest batch). */
    public Batch batch(int[] order, int from, int to, long[] keyBuffer, float[] labelBuffer) {
        int n = to - from;
        for (int i = 0; i < n; i++) {
            int src = order == null ? from + i : order[from + i];
            System.arraycopy(keys, src * fields, keyBuffer, i * fields, fields);
            labelBuffer[i] = labels[src];
        }
        return new Batch(n, fields, keyBuffer, labelBuffer);
    }
}
