package io.gprec.data;

import java.util.Objects;

/** A named categorical field of a dataset and the role it plays in the model. */
public record Field(String name, FieldRole role) {

    public Field {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("field name must not be blank, got " + (name == null ? "null" : "'" + name + "'"));
        }
        Objects.requireNonNull(role, () -> "field '" + name + "' needs a role (PERSONAL, USER or ITEM)");
    }
}
