package io.gprec.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Tests that {@link Split#random} is a seeded, disjoint, covering partition with floor-based sizes. */
class SplitTest {

    private static List<Interaction> rows(int n) {
        List<Interaction> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new Interaction(new String[] {Integer.toString(i), "m"}, i % 2, i));
        }
        return rows;
    }

    @Test
    void sameSeedGivesSameSplit() {
        List<Interaction> all = rows(1000);
        assertThat(Split.random(all, 7L, 0.8, 0.1)).isEqualTo(Split.random(all, 7L, 0.8, 0.1));
        assertThat(Split.random(all, 7L, 0.8, 0.1).train()).isNotEqualTo(Split.random(all, 8L, 0.8, 0.1).train());
    }

    @Test
    void partsAreDisjointAndCoverEverything() {
        List<Interaction> all = rows(1000);
        Split split = Split.random(all, 1L, 0.8, 0.1);
        assertThat(split.train()).hasSize(800);
        assertThat(split.validation()).hasSize(100);
        assertThat(split.test()).hasSize(100);
        Set<Interaction> union = new HashSet<>(split.train());
        union.addAll(split.validation());
        union.addAll(split.test());
        assertThat(union).hasSize(1000).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void actuallyShuffles() {
        List<Interaction> all = rows(1000);
        assertThat(Split.random(all, 1L, 0.8, 0.1).train()).isNotEqualTo(all.subList(0, 800));
    }

    @Test
    void sizesAreFlooredAndTestTakesTheRest() {
        Split split = Split.random(rows(17), 3L, 0.8, 0.1);
        assertThat(split.train()).hasSize(13);
        assertThat(split.validation()).hasSize(1);
        assertThat(split.test()).hasSize(3);
    }

    @Test
    void leavesTheInputUntouched() {
        List<Interaction> all = rows(50);
        List<Interaction> before = List.copyOf(all);
        Split.random(all, 5L, 0.8, 0.1);
        assertThat(all).isEqualTo(before);
    }

    @Test
    void handlesEmptyInput() {
        Split split = Split.random(List.of(), 1L, 0.8, 0.1);
        assertThat(split.train()).isEmpty();
        assertThat(split.validation()).isEmpty();
        assertThat(split.test()).isEmpty();
    }

    @Test
    void rejectsBadFractions() {
        assertThatThrownBy(() -> Split.random(rows(3), 1L, 0.9, 0.2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not exceed 1");
        assertThatThrownBy(() -> Split.random(rows(3), 1L, -0.1, 0.2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trainFraction must be in [0, 1]");
        assertThatThrownBy(() -> Split.random(rows(3), 1L, 0.5, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("validationFraction");
    }
}
