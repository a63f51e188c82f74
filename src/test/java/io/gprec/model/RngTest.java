package io.gprec.model;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The generator's samplers: the logistic shortcut has the law of a difference of two Gumbels; state restores replay. */
class RngTest {
    @Test
    void logisticMatchesDifferenceOfGumbelsInDistribution() {
        int n = 200_000;
        Rng a = new Rng(1), b = new Rng(2);
        double[] logistic = new double[n], gumbelDiff = new double[n];
        for (int i = 0; i < n; i++) {
            logistic[i] = a.nextLogistic();
            gumbelDiff[i] = b.nextGumbel() - b.nextGumbel();
        }
        Arrays.sort(logistic);
        Arrays.sort(gumbelDiff);
        // same quantiles (two-sample Kolmogorov–Smirnov distance), and the logistic CDF 1/(1+e^-x)
        double ks = 0;
        for (int i = 0; i < n; i += 97) {
            double x = logistic[i];
            int j = Arrays.binarySearch(gumbelDiff, x);
            int rank = j >= 0 ? j : -j - 1;
            ks = Math.max(ks, Math.abs((double) i / n - (double) rank / n));
            assertThat((double) i / n).isCloseTo(1 / (1 + Math.exp(-x)), within(0.01));
        }
        assertThat(ks).isLessThan(0.01);
    }

    @Test
    void bulkDrawsAreTheSingleDrawSequence() {
        Rng single = new Rng(7), bulk = new Rng(7);
        long[] out = new long[1000];
        bulk.nextLongs(out, 999);
        for (int i = 0; i < 999; i++) assertThat(out[i]).isEqualTo(single.nextLong());
        assertThat(out[999]).isZero();
        assertThat(bulk.state()).isEqualTo(single.state());
    }

    @Test
    void restoringTheStateReplaysTheSequence() {
        Rng r = new Rng(42);
        r.nextLong();
        long state = r.state();
        double[] first = {r.nextLogistic(), r.nextGaussian(), r.nextOpenUnit()};
        r.setState(state);
        assertThat(new double[]{r.nextLogistic(), r.nextGaussian(), r.nextOpenUnit()}).containsExactly(first);
    }
}
