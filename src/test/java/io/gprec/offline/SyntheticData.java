package io.gprec.offline;

import io.gprec.data.Dataset;
import io.gprec.data.DatasetSchema;
import io.gprec.data.Field;
import io.gprec.data.FieldRole;
import io.gprec.data.Interaction;
import io.gprec.model.AdamSettings;
import io.gprec.model.GprecConfig;
import io.gprec.model.ModelKind;
import io.gprec.model.Strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * An in-memory dataset with a planted rule: user u belongs to group u % 3, item i to cluster i % 3, and a user
 * likes an item with probability 0.9 when group == cluster, 0.1 otherwise (so the Bayes AUC is about 0.9).
 */
final class SyntheticData {
    static final int USERS = 300, ITEMS = 50, INTERACTIONS = 6000;
    static final double HIT = 0.9, MISS = 0.1;

    static final DatasetSchema SCHEMA = new DatasetSchema(List.of(
            new Field("user_id", FieldRole.PERSONAL),
            new Field("segment", FieldRole.USER),
            new Field("region", FieldRole.USER),
            new Field("item_id", FieldRole.ITEM),
            new Field("cluster", FieldRole.ITEM)));

    private SyntheticData() {}

    static Dataset dataset(long seed) {
        return dataset(seed, INTERACTIONS);
    }

    static Dataset dataset(long seed, int interactions) {
        Random random = new Random(seed);
        String[] region = new String[USERS];
        for (int u = 0; u < USERS; u++) region[u] = "r" + random.nextInt(5); // uninformative
        List<Interaction> out = new ArrayList<>(interactions);
        for (int k = 0; k < interactions; k++) {
            int u = random.nextInt(USERS), i = random.nextInt(ITEMS);
            int group = u % 3, cluster = i % 3;
            double p = group == cluster ? HIT : MISS;
            int label = random.nextDouble() < p ? 1 : 0;
            String[] values = {"u" + u, "g" + group, region[u], "i" + i, "c" + cluster};
            out.add(new Interaction(values, label, 1_000_000L + k));
        }
        return new Dataset("synthetic", SCHEMA, out);
    }

    /** A small, fast model: 4 groups of dimension 4, narrow layers, a learning rate high enough for a few epochs. */
    static GprecConfig.Builder smallConfig(ModelKind kind, Strategy strategy, long seed) {
        return GprecConfig.builder().kind(kind).strategy(strategy).seed(seed)
                .groups(4).embeddingDim(4)
                .backboneHidden(16, 8).headHidden(16, 8).classifierHidden(8, 4).individualHidden(8)
                .adam(AdamSettings.of(0.01, 1e-6));
    }
}
