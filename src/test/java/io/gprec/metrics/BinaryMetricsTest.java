package io.gprec.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Checks BinaryMetrics against hand-computed values and an O(n^2) pairwise AUC. */
class BinaryMetricsTest {

    @Test
    void perfectReversedAndRandomRankings() {
        int[] labels = {0, 0, 1, 1};
        assertThat(BinaryMetrics.auc(new double[] {0.1, 0.2, 0.8, 0.9}, labels, 4)).isEqualTo(1.0);
        assertThat(BinaryMetrics.auc(new double[] {0.9, 0.8, 0.2, 0.1}, labels, 4)).isEqualTo(0.0);
        assertThat(BinaryMetrics.auc(new double[] {0.5, 0.5, 0.5, 0.5}, labels, 4)).isEqualTo(0.5);
    }

    @Test
    void tiesCountHalf() {
        // Pairs (pos, neg): (0.5,0.5)=1/2, (0.5,0.1)=1, (0.9,0.5)=1, (0.9,0.1)=1 -> 3.5 / 4
        double[] scores = {0.5, 0.1, 0.5, 0.9};
        int[] labels = {0, 0, 1, 1};
        assertThat(BinaryMetrics.auc(scores, labels, 4)).isEqualTo(0.875);
    }

    @Test
    void onlyFirstNPairsCount() {
        double[] scores = {0.1, 0.9, 0.99, 0.0};
        int[] labels = {0, 1, 0, 1};
        assertThat(BinaryMetrics.auc(scores, labels, 2)).isEqualTo(1.0);
    }

    @Test
    void negativeZeroTiesWithPositiveZero() {
        assertThat(BinaryMetrics.auc(new double[] {-0.0, 0.0}, new int[] {1, 0}, 2)).isEqualTo(0.5);
        assertThat(BinaryMetrics.auc(new double[] {0.0, -0.0}, new int[] {1, 0}, 2)).isEqualTo(0.5);
    }

    @Test
    void matchesPairwiseDefinitionWithManyTies() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 2 + random.nextInt(300);
            double[] scores = new double[n];
            float[] floatScores = new float[n];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                scores[i] = random.nextInt(20) / 20.0;
                floatScores[i] = (float) scores[i];
                labels[i] = random.nextDouble() < 0.3 ? 1 : 0;
            }
            labels[0] = 1;
            labels[1] = 0;
            double expected = pairwiseAuc(scores, labels, n);
            assertThat(BinaryMetrics.auc(scores, labels, n)).isCloseTo(expected, within(1e-12));
            // Scores k/20 keep their order and ties when narrowed to float.
            assertThat(BinaryMetrics.auc(floatScores, labels, n)).isCloseTo(expected, within(1e-12));
        }
    }

    @Test
    void aucRejectsSingleClassAndBadInput() {
        assertThatThrownBy(() -> BinaryMetrics.auc(new double[] {0.1, 0.2}, new int[] {1, 1}, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one class");
        assertThatThrownBy(() -> BinaryMetrics.auc(new double[] {0.1, 0.2}, new int[] {0, 1}, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BinaryMetrics.auc(new double[] {0.1, 0.2}, new int[] {0, 2}, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 or 1");
        assertThatThrownBy(() -> BinaryMetrics.auc(new double[] {0.1, Double.NaN}, new int[] {0, 1}, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> BinaryMetrics.auc(new float[] {0.1f}, new int[] {0, 1}, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void logLossOfKnownValues() {
        double[] scores = {0.8, 0.3};
        int[] labels = {1, 0};
        double expected = -(Math.log(0.8) + Math.log(0.7)) / 2;
        assertThat(BinaryMetrics.logLoss(scores, labels, 2)).isCloseTo(expected, within(1e-15));
        assertThat(BinaryMetrics.logLoss(new float[] {0.8f, 0.3f}, labels, 2)).isCloseTo(expected, within(1e-7));
    }

    @Test
    void logLossClipsCertainMistakes() {
        double clippedCost = -Math.log(1e-7);
        assertThat(BinaryMetrics.logLoss(new double[] {0.0}, new int[] {1}, 1)).isCloseTo(clippedCost, within(1e-9));
        assertThat(BinaryMetrics.logLoss(new double[] {1.0}, new int[] {0}, 1)).isCloseTo(clippedCost, within(1e-6));
        assertThat(BinaryMetrics.logLoss(new float[] {1.0f, 0.0f}, new int[] {1, 0}, 2)).isCloseTo(1e-7, within(1e-12));
    }

    @Test
    void logLossRejectsEmptyInput() {
        assertThatThrownBy(() -> BinaryMetrics.logLoss(new double[0], new int[0], 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static double pairwiseAuc(double[] scores, int[] labels, int n) {
        double sum = 0;
        long pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (labels[i] == 1 && labels[j] == 0) {
                    pairs++;
                    sum += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }
        return sum / pairs;
    }
}
