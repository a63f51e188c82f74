package io.gprec.metrics;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static io.gprec.metrics.AdjustedMutualInformation.ami;
import static io.gprec.metrics.AdjustedMutualInformation.expectedMutualInformation;
import static io.gprec.metrics.AdjustedMutualInformation.mutualInformation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AdjustedMutualInformationTest {
    // scikit-learn's test_adjusted_mutual_info_score: MI 0.41022, E[MI] 0.15042, AMI 0.27821 (arithmetic mean)
    private static final int[] A = {1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3};
    private static final int[] B = {1, 1, 1, 1, 2, 1, 2, 2, 2, 2, 3, 1, 3, 3, 3, 2, 2};

    @Test
    void matchesScikitLearnsPublishedValues() {
        assertThat(mutualInformation(A, B)).isCloseTo(0.41022, within(5e-6));
        assertThat(expectedMutualInformation(A, B)).isCloseTo(0.15042, within(5e-6));
        assertThat(ami(A, B)).isCloseTo(0.27821, within(5e-6));
        int[] a110 = new int[A.length * 110], b110 = new int[B.length * 110];
        for (int k = 0; k < a110.length; k++) {
            a110[k] = A[k % A.length];
            b110[k] = B[k % B.length];
        }
        assertThat(ami(a110, b110)).isCloseTo(0.38, within(0.005));
    }

    @Test
    void expectedMiIsTheAverageOverAllPermutations() {
        int[] a = {0, 0, 0, 1, 1, 2, 2, 2};
        int[] b = {0, 1, 1, 1, 0, 0, 1, 2};
        double[] sum = {0};
        long[] count = {0};
        permute(b.clone(), 0, p -> {
            sum[0] += mutualInformation(a, p);
            count[0]++;
        });
        assertThat(count[0]).isEqualTo(40320);
        assertThat(expectedMutualInformation(a, b)).isCloseTo(sum[0] / count[0], within(1e-12));
    }

    @Test
    void identicalPartitionsScoreOneWhateverTheNames() {
        assertThat(ami(new int[]{1, 1, 2, 2}, new int[]{2, 2, 3, 3})).isCloseTo(1.0, within(1e-12));
        assertThat(ami(new int[]{0, 0, 1, 1, 2, 2}, new int[]{5, 5, 9, 9, 0, 0})).isCloseTo(1.0, within(1e-12));
        assertThat(ami(new int[]{0, 0, 0}, new int[]{7, 7, 7})).isEqualTo(1.0);
    }

    @Test
    void independentLabelingsScoreAboutZeroEvenWithManyClusters() {
        Random r = new Random(3);
        int n = 5000;
        int[] a = new int[n], b = new int[n];
        for (int k = 0; k < n; k++) {
            a[k] = r.nextInt(4);
            b[k] = r.nextInt(60);
        }
        // plain MI rewards the 60 clusters; the adjustment removes that
        assertThat(mutualInformation(a, b)).isGreaterThan(0.01); // about (4-1)(60-1)/(2n) = 0.018
        assertThat(ami(a, b)).isCloseTo(0.0, within(0.01));
        assertThat(ami(new int[]{0, 0, 0, 0}, new int[]{0, 1, 2, 3})).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void isSymmetric() {
        assertThat(ami(A, B)).isCloseTo(ami(B, A), within(1e-12));
    }

    @Test
    void rejectsMismatchedOrEmptyInput() {
        assertThatThrownBy(() -> ami(new int[]{1, 2}, new int[]{1})).hasMessageContaining("differ in length");
        assertThatThrownBy(() -> ami(new int[0], new int[0])).hasMessageContaining("empty");
    }

    private static void permute(int[] v, int k, java.util.function.Consumer<int[]> visit) {
        if (k == v.length) {
            visit.accept(v);
            return;
        }
        for (int i = k; i < v.length; i++) {
            swap(v, k, i);
            permute(v, k + 1, visit);
            swap(v, k, i);
        }
    }

    private static void swap(int[] v, int i, int j) {
        int t = v[i];
        v[i] = v[j];
        v[j] = t;
    }
}
