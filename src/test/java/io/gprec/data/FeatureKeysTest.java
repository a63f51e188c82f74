package io.gprec.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Tests that {@link FeatureKeys} is deterministic, field-aware and pinned across releases. */
class FeatureKeysTest {

    /** Cross-checked with an independent Python implementation of FNV-1a 64 (UTF-16LE bytes) + murmur3 fmix64. */
    private static final long PINNED_0_1 = -5101065185180823263L;
    private static final long PINNED_6_GENRES = 9118932129372820033L;

    @Test
    void sameInputGivesSameKey() {
        assertThat(FeatureKeys.key(3, "Comedy")).isEqualTo(FeatureKeys.key(3, new String("Comedy".toCharArray())));
    }

    @Test
    void keysArePinnedSoCheckpointsStayValid() {
        // If these change, every stored embedding table keyed by them becomes garbage.
        assertThat(FeatureKeys.key(0, "1")).isEqualTo(PINNED_0_1);
        assertThat(FeatureKeys.key(6, "Animation|Children's|Comedy")).isEqualTo(PINNED_6_GENRES);
    }

    @Test
    void sameValueInDifferentFieldsGivesDifferentKeys() {
        Set<Long> keys = new HashSet<>();
        for (int field = 0; field < 8; field++) {
            keys.add(FeatureKeys.key(field, "1"));
        }
        assertThat(keys).hasSize(8);
    }

    @Test
    void fieldIndexAndValueCannotBeShuffledIntoACollision() {
        assertThat(FeatureKeys.key(1, "23")).isNotEqualTo(FeatureKeys.key(12, "3"));
        assertThat(FeatureKeys.key(0, "")).isNotEqualTo(FeatureKeys.key(0, "\0"));
    }

    @Test
    void manyDistinctValuesGiveDistinctKeys() {
        Set<Long> keys = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            keys.add(FeatureKeys.key(5, Integer.toString(i)));
        }
        assertThat(keys).hasSize(100_000);
    }

    @Test
    void keysCoversEveryField() {
        Interaction x = new Interaction(new String[] {"7", "M", "7"}, 1, 0L);
        assertThat(FeatureKeys.keys(x)).containsExactly(
                FeatureKeys.key(0, "7"), FeatureKeys.key(1, "M"), FeatureKeys.key(2, "7"));
    }

    @Test
    void rejectsNegativeFieldIndexAndNullValue() {
        assertThatThrownBy(() -> FeatureKeys.key(-1, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FeatureKeys.key(0, null)).isInstanceOf(NullPointerException.class);
    }
}
