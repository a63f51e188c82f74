package io.gprec.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/** The ordered, immutable list of fields every interaction of a dataset is aligned with. */
public final class DatasetSchema {

    private final List<Field> fields;
    private final Map<String, Integer> indexByName;
    private final int[][] indicesByRole;
    private final int[] userIndices;

    public DatasetSchema(List<Field> fields) {
        Objects.requireNonNull(fields, "fields");
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("schema needs at least one field, got none");
        }
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i) == null) {
                throw new IllegalArgumentException("schema field at position " + i + " is null");
            }
        }
        this.fields = List.copyOf(fields);
        this.indexByName = new HashMap<>();
        for (int i = 0; i < this.fields.size(); i++) {
            Integer previous = indexByName.putIfAbsent(this.fields.get(i).name(), i);
            if (previous != null) {
                throw new IllegalArgumentException("duplicate field name '" + this.fields.get(i).name()
                        + "' at positions " + previous + " and " + i + " in " + names());
            }
        }
        this.indicesByRole = new int[FieldRole.values().length][];
        for (FieldRole role : FieldRole.values()) {
            indicesByRole[role.ordinal()] = collect(role);
        }
        if (indicesOf(FieldRole.ITEM).length == 0) {
            throw new IllegalArgumentException("schema needs at least one ITEM field, got " + names());
        }
        int[] personal = indicesOf(FieldRole.PERSONAL);
        int[] user = indicesOf(FieldRole.USER);
        if (personal.length + user.length == 0) {
            throw new IllegalArgumentException("schema needs at least one PERSONAL or USER field, got " + names());
        }
        // E_u = [E_p, E_o]: the model concatenates personal before other user embeddings.
        this.userIndices = new int[personal.length + user.length];
        System.arraycopy(personal, 0, userIndices, 0, personal.length);
        System.arraycopy(user, 0, userIndices, personal.length, user.length);
    }

    public List<Field> fields() {
        return fields;
    }

    public int size() {
        return fields.size();
    }

    public int indexOf(String name) {
        Integer index = indexByName.get(name);
        if (index == null) {
            throw new IllegalArgumentException("unknown field '" + name + "'; known: " + names());
        }
        return index;
    }

    public int[] indicesOf(FieldRole role) {
        Objects.requireNonNull(role, "role");
        // Copy so callers cannot corrupt the schema through the returned array.
        return indicesByRole[role.ordinal()].clone();
    }

    public int[] userIndices() {
        return userIndices.clone();
    }

    private int[] collect(FieldRole role) {
        return IntStream.range(0, fields.size())
                .filter(i -> fields.get(i).role() == role)
                .toArray();
    }

    private List<String> names() {
        List<String> names = new ArrayList<>(fields.size());
        for (Field f : fields) {
            names.add(f.name());
        }
        return names;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatasetSchema other && fields.equals(other.fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("DatasetSchema[");
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(fields.get(i).name()).append(':').append(fields.get(i).role());
        }
        return sb.append(']').toString();
    }
}
