package io.gprec.dashboard;

import io.gprec.model.GroupEmbeddings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class GroupSimilarityTest {
    @Test
    void rowsAndColumnsArePositivesThenNegatives() {
        GroupEmbeddings e = new GroupEmbeddings(new double[][]{{1, 0}, {1, 1}}, new double[][]{{0, 2}, {-1, -1}});
        double[][] c = GroupSimilarity.cosines(e);
        assertThat(c).hasDimensions(4, 4);
        for (int i = 0; i < 4; i++) assertThat(c[i][i]).isCloseTo(1, within(1e-12));
        assertThat(c[0][1]).isCloseTo(Math.sqrt(0.5), within(1e-12)); // p1, p2
        assertThat(c[0][2]).isCloseTo(0, within(1e-12));              // p1, n1
        assertThat(c[1][3]).isCloseTo(-1, within(1e-12));             // p2, n2
        assertThat(c[3][1]).isEqualTo(c[1][3]);
        assertThat(GroupSimilarity.meanPositiveNegative(c, 2)).isCloseTo(-0.5, within(1e-12));
    }

    @Test
    void singleEmbeddingModeAndZeroVectors() {
        GroupEmbeddings e = new GroupEmbeddings(new double[][]{{3, 4}, {0, 0}}, new double[0][]);
        double[][] c = GroupSimilarity.cosines(e);
        assertThat(c).hasDimensions(2, 2);
        assertThat(c[0][1]).isZero();
        assertThat(c[1][1]).isZero();
        assertThat(GroupSimilarity.meanPositiveNegative(c, 2)).isNaN();
    }
}
