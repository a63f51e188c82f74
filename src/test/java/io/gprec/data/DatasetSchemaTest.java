package io.gprec.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests {@link DatasetSchema} and {@link Field} validation and lookups. */
class DatasetSchemaTest {

    private static final DatasetSchema SCHEMA = new DatasetSchema(List.of(
            new Field("gender", FieldRole.USER),
            new Field("user_id", FieldRole.PERSONAL),
            new Field("movie_id", FieldRole.ITEM),
            new Field("age", FieldRole.USER),
            new Field("genres", FieldRole.ITEM)));

    @Test
    void looksUpFieldsByNameAndRole() {
        assertThat(SCHEMA.size()).isEqualTo(5);
        assertThat(SCHEMA.indexOf("movie_id")).isEqualTo(2);
        assertThat(SCHEMA.indicesOf(FieldRole.USER)).containsExactly(0, 3);
        assertThat(SCHEMA.indicesOf(FieldRole.PERSONAL)).containsExactly(1);
        assertThat(SCHEMA.indicesOf(FieldRole.ITEM)).containsExactly(2, 4);
    }

    @Test
    void userIndicesPutPersonalFieldsFirst() {
        assertThat(SCHEMA.userIndices()).containsExactly(1, 0, 3);
    }

    @Test
    void returnedArraysCannotCorruptTheSchema() {
        SCHEMA.userIndices()[0] = 99;
        SCHEMA.indicesOf(FieldRole.ITEM)[0] = 99;
        assertThat(SCHEMA.userIndices()).containsExactly(1, 0, 3);
        assertThat(SCHEMA.indicesOf(FieldRole.ITEM)).containsExactly(2, 4);
    }

    @Test
    void unknownFieldNamesTheKnownOnes() {
        assertThatThrownBy(() -> SCHEMA.indexOf("zip"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown field 'zip'; known: [gender, user_id, movie_id, age, genres]");
    }

    @Test
    void rejectsEmptySchema() {
        assertThatThrownBy(() -> new DatasetSchema(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one field");
    }

    @Test
    void rejectsDuplicateNames() {
        assertThatThrownBy(() -> new DatasetSchema(List.of(
                new Field("user_id", FieldRole.PERSONAL),
                new Field("movie_id", FieldRole.ITEM),
                new Field("user_id", FieldRole.USER))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate field name 'user_id'")
                .hasMessageContaining("positions 0 and 2");
    }

    @Test
    void rejectsSchemaWithoutItemField() {
        assertThatThrownBy(() -> new DatasetSchema(List.of(new Field("user_id", FieldRole.PERSONAL))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one ITEM field")
                .hasMessageContaining("[user_id]");
    }

    @Test
    void rejectsSchemaWithoutUserSide() {
        assertThatThrownBy(() -> new DatasetSchema(List.of(new Field("movie_id", FieldRole.ITEM))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one PERSONAL or USER field");
    }

    @Test
    void acceptsUserFieldsWithoutPersonalOnes() {
        DatasetSchema schema = new DatasetSchema(List.of(
                new Field("age", FieldRole.USER), new Field("movie_id", FieldRole.ITEM)));
        assertThat(schema.userIndices()).containsExactly(0);
    }

    @Test
    void fieldRejectsBlankNameAndNullRole() {
        assertThatThrownBy(() -> new Field(" ", FieldRole.USER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field name must not be blank");
        assertThatThrownBy(() -> new Field(null, FieldRole.USER))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Field("age", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("field 'age' needs a role");
    }

    @Test
    void equalityFollowsTheFieldList() {
        DatasetSchema copy = new DatasetSchema(SCHEMA.fields());
        assertThat(copy).isEqualTo(SCHEMA).hasSameHashCodeAs(SCHEMA);
        assertThat(new DatasetSchema(List.of(new Field("a", FieldRole.USER), new Field("b", FieldRole.ITEM))))
                .isNotEqualTo(new DatasetSchema(List.of(new Field("a", FieldRole.PERSONAL), new Field("b", FieldRole.ITEM))));
        assertThat(SCHEMA.toString()).startsWith("DatasetSchema[gender:USER, user_id:PERSONAL, movie_id:ITEM");
    }

    @Test
    void fieldListIsImmutable() {
        assertThatThrownBy(() -> SCHEMA.fields().add(new Field("x", FieldRole.ITEM)))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
