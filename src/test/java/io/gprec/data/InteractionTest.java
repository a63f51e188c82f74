package io.gprec.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests value semantics of {@link Interaction} and the alignment check of {@link Dataset}. */
class InteractionTest {

    @Test
    void equalityComparesArrayContents() {
        Interaction a = new Interaction(new String[] {"1", "x"}, 1, 42L);
        Interaction b = new Interaction(new String[] {"1", "x"}, 1, 42L);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new Interaction(new String[] {"1", "y"}, 1, 42L));
        assertThat(a).isNotEqualTo(new Interaction(new String[] {"1", "x"}, 0, 42L));
        assertThat(a).isNotEqualTo(new Interaction(new String[] {"1", "x"}, 1, 43L));
        assertThat(a.toString()).isEqualTo("Interaction[values=[1, x], label=1, timestamp=42]");
    }

    @Test
    void copiesTheCallersArray() {
        String[] buffer = {"1", "x"};
        Interaction a = new Interaction(buffer, 0, 0L);
        buffer[0] = "changed";
        assertThat(a.values()).containsExactly("1", "x");
    }

    @Test
    void rejectsLabelsOtherThanZeroOrOne() {
        assertThatThrownBy(() -> new Interaction(new String[] {"1"}, 2, 0L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("label must be 0 or 1, got 2");
    }

    @Test
    void rejectsNullValues() {
        assertThatThrownBy(() -> new Interaction(new String[] {"1", null}, 0, 0L))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("field index 1");
    }

    @Test
    void datasetRejectsRowsNotAlignedWithSchema() {
        DatasetSchema schema = new DatasetSchema(List.of(
                new Field("user_id", FieldRole.PERSONAL), new Field("movie_id", FieldRole.ITEM)));
        List<Interaction> rows = List.of(new Interaction(new String[] {"1", "2"}, 0, 0L),
                new Interaction(new String[] {"1"}, 0, 0L));
        assertThatThrownBy(() -> new Dataset("toy", schema, rows))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("interaction 1 of dataset 'toy' has 1 values but the schema has 2 fields");
    }
}
