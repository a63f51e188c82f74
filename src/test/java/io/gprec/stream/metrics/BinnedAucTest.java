package io.gprec.stream.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gprec.metrics.BinaryMetrics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** BinnedAuc against the exact AUC: within its stated bound, tight where scores fall in distinct bins. */
class BinnedAucTest {

    private static double exact(double[] scores, int[] labels) {
        return BinaryMetrics.auc(scores, labels, labels.length);
    }

    @Test
    void staysWithinItsBoundOfTheExactAuc() {
        SplittableRandom random = new SplittableRandom(11);
        for (int bins : new int[] {1, 4, 64, 4096, 1 << 16}) {
            for (double spread : new double[] {0.001, 0.1, 3.0}) {
                int n = 20_000;
                double[] scores = new double[n];
                int[] labels = new int[n];
                BinnedAuc auc = new BinnedAuc(bins);
                for (int i = 0; i < n; i++) {
                    labels[i] = random.nextInt(3) == 0 ? 1 : 0;
                    double logit = labels[i] * 0.8 + spread * random.nextGaussian();
                    scores[i] = 1 / (1 + Math.exp(-logit));
                    auc.add(scores[i], labels[i]);
                }
                double exact = exact(scores, labels);
                assertThat(auc.errorBound()).isBetween(0.0, 0.5);
                assertThat(auc.auc()).as("bins %d spread %s", bins, spread)
                        .isCloseTo(exact, within(auc.errorBound() + 1e-12));
                if (bins == 1 << 16 && spread >= 0.1) {
                    assertThat(auc.errorBound()).as("bound with fine bins").isLessThan(1e-3);
                }
            }
        }
    }

    @Test
    void oneBinCountsEveryPairAsATieAndSaysSo() {
        BinnedAuc auc = new BinnedAuc(1);
        auc.add(0.9, 1);
        auc.add(0.1, 0);
        assertThat(auc.auc()).isEqualTo(0.5);
        assertThat(auc.errorBound()).isEqualTo(0.5); // the exact AUC, 1.0, is at the edge of the bound
    }

    @Test
    void ordersScoresAcrossBinsExactlyIncludingTheExtremes() {
        BinnedAuc auc = new BinnedAuc(1 << 16);
        double[] negatives = {0.0, 1e-12, 0.3, 0.49999};
        double[] positives = {0.5, 0.7, 1 - 1e-6, 1.0};
        for (double s : negatives) auc.add(s, 0);
        for (double s : positives) auc.add(s, 1);
        assertThat(auc.auc()).isEqualTo(1.0);
        assertThat(auc.errorBound()).isZero();
        assertThat(BinnedAuc.bin(0.0, 8)).isZero();
        assertThat(BinnedAuc.bin(1.0, 8)).isEqualTo(7);
        assertThat(BinnedAuc.bin(0.5, 8)).isEqualTo(4);
    }

    @Test
    void equalScoresAreTiesAsInTheExactAuc() {
        BinnedAuc auc = new BinnedAuc(1 << 16);
        auc.add(0.42, 1);
        auc.add(0.42, 0);
        assertThat(auc.auc()).isEqualTo(0.5).isEqualTo(exact(new double[] {0.42, 0.42}, new int[] {1, 0}));
    }

    @Test
    void isUndefinedWithOneClass() {
        BinnedAuc auc = new BinnedAuc(16);
        assertThat(auc.auc()).isNaN();
        auc.add(0.3, 1);
        assertThat(auc.auc()).isNaN();
        assertThat(auc.errorBound()).isNaN();
        assertThat(auc.count()).isEqualTo(1);
        assertThat(auc.positives()).isEqualTo(1);
    }

    @Test
    void roundTripsOnlyTheOccupiedBins() throws IOException {
        BinnedAuc auc = new BinnedAuc(1 << 16);
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 500; i++) auc.add(random.nextDouble(), random.nextInt(2));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        auc.write(new DataOutputStream(bytes));
        assertThat(bytes.size()).isLessThanOrEqualTo(8 + 500 * 20);
        BinnedAuc read = BinnedAuc.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), 1 << 16);
        assertThat(read.auc()).isEqualTo(auc.auc());
        assertThat(read.errorBound()).isEqualTo(auc.errorBound());
        assertThat(read.count()).isEqualTo(500);
        assertThatThrownBy(() -> BinnedAuc.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), 16))
                .hasMessageContaining("65536 bins, expected 16");
    }
}
