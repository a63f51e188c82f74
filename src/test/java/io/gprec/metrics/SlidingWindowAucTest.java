package io.gprec.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayDeque;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Compares SlidingWindowAuc with BinaryMetrics recomputed from scratch on the same window contents. */
class SlidingWindowAucTest {

    /** The reference window: the last N pairs, recomputed naively. */
    private static final class NaiveWindow {
        private final int capacity;
        private final ArrayDeque<double[]> pairs = new ArrayDeque<>();

        NaiveWindow(int capacity) {
            this.capacity = capacity;
        }

        void add(double score, int label) {
            if (pairs.size() == capacity) {
                pairs.removeFirst();
            }
            pairs.addLast(new double[] {score, label});
        }

        int size() {
            return pairs.size();
        }

        double[] scores() {
            return pairs.stream().mapToDouble(p -> p[0]).toArray();
        }

        int[] labels() {
            return pairs.stream().mapToInt(p -> (int) p[1]).toArray();
        }

        boolean hasBothClasses() {
            int[] labels = labels();
            int positives = 0;
            for (int l : labels) {
                positives += l;
            }
            return positives > 0 && positives < labels.length;
        }
    }

    @Test
    void matchesRecomputationAfterEveryEventForSmallWindows() {
        SplittableRandom random = new SplittableRandom(42);
        for (int window = 1; window <= 50; window++) {
            double positiveRate = 0.05 + 0.9 * random.nextDouble();
            SlidingWindowAuc sliding = new SlidingWindowAuc(window);
            NaiveWindow naive = new NaiveWindow(window);
            for (int event = 0; event < 20 * window + 50; event++) {
                int label = random.nextDouble() < positiveRate ? 1 : 0;
                double score = roundedScore(random, label);
                sliding.add(score, label);
                naive.add(score, label);
                assertMatches(sliding, naive);
            }
        }
    }

    @Test
    void matchesRecomputationAtCheckpointsForLargeWindow() {
        SplittableRandom random = new SplittableRandom(2024);
        int window = 10_000;
        SlidingWindowAuc sliding = new SlidingWindowAuc(window);
        NaiveWindow naive = new NaiveWindow(window);
        for (int event = 1; event <= 100_000; event++) {
            // A drifting positive rate keeps the window's class balance changing as pairs are evicted.
            double positiveRate = 0.5 + 0.4 * Math.sin(event / 7_000.0);
            int label = random.nextDouble() < positiveRate ? 1 : 0;
            double score = roundedScore(random, label);
            sliding.add(score, label);
            naive.add(score, label);
            if (event % 2_500 == 0 || event == 1 || event == window - 1 || event == window + 1) {
                assertMatches(sliding, naive);
            }
        }
    }

    @Test
    void aucIsNaNUntilBothClassesArePresent() {
        SlidingWindowAuc sliding = new SlidingWindowAuc(3);
        assertThat(sliding.auc()).isNaN();
        assertThat(sliding.logLoss()).isNaN();
        sliding.add(0.9, 1);
        sliding.add(0.8, 1);
        assertThat(sliding.auc()).isNaN();
        sliding.add(0.1, 0);
        assertThat(sliding.auc()).isEqualTo(1.0);
        // Evicts 0.9/1, 0.8/1: only negatives remain.
        sliding.add(0.95, 0);
        sliding.add(0.2, 0);
        assertThat(sliding.size()).isEqualTo(3);
        assertThat(sliding.auc()).isNaN();
        sliding.add(0.2, 1);
        // Window: 0.95/0, 0.2/0, 0.2/1 -> pairs vs 0.95 lose, vs 0.2 tie: 0.5 / 2
        assertThat(sliding.auc()).isEqualTo(0.25);
    }

    @Test
    void rejectsInvalidInput() {
        assertThatThrownBy(() -> new SlidingWindowAuc(0)).isInstanceOf(IllegalArgumentException.class);
        SlidingWindowAuc sliding = new SlidingWindowAuc(2);
        assertThatThrownBy(() -> sliding.add(0.5, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sliding.add(Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(sliding.size()).isZero();
    }

    private static double roundedScore(SplittableRandom random, int label) {
        // Two decimals give at most 101 distinct scores, so ties are everywhere; positives skew high.
        double raw = Math.min(1.0, Math.max(0.0, random.nextDouble() * 0.8 + (label == 1 ? 0.2 : 0.0)));
        return Math.round(raw * 100) / 100.0;
    }

    private static void assertMatches(SlidingWindowAuc sliding, NaiveWindow naive) {
        assertThat(sliding.size()).isEqualTo(naive.size());
        double[] scores = naive.scores();
        int[] labels = naive.labels();
        if (naive.hasBothClasses()) {
            assertThat(sliding.auc()).isEqualTo(BinaryMetrics.auc(scores, labels, scores.length));
        } else {
            assertThat(sliding.auc()).isNaN();
        }
        double expectedLoss = BinaryMetrics.logLoss(scores, labels, scores.length);
        assertThat(sliding.logLoss()).isCloseTo(expectedLoss, within(1e-10 * Math.max(1, expectedLoss)));
    }
}
