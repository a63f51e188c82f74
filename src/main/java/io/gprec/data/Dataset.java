package io.gprec.data;

import java.util.List;
import java.util.Objects;

/** A named, immutable list of interactions together with the schema their values follow. */
public record Dataset(String name, DatasetSchema schema, List<Interaction> interactions) {

    public Dataset {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("dataset name must not be blank");
        }
        Objects.requireNonNull(schema, "schema");
        interactions = List.copyOf(Objects.requireNonNull(interactions, "interactions"));
        // Catch misaligned rows here rather than as an index error deep inside training.
        for (int i = 0; i < interactions.size(); i++) {
            int width = interactions.get(i).values().length;
            if (width != schema.size()) {
                throw new IllegalArgumentException("interaction " + i + " of dataset '" + name + "' has " + width
                        + " values but the schema has " + schema.size() + " fields: " + schema);
            }
        }
    }
}
