package io.gprec.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Checks the treap's rank counts against a plain list under random adds and removes. */
class ScoreMultisetTest {

    @Test
    void rankCountsMatchAListUnderRandomOperations() {
        SplittableRandom random = new SplittableRandom(3);
        ScoreMultiset set = new ScoreMultiset();
        List<Double> reference = new ArrayList<>();
        for (int step = 0; step < 8_000; step++) {
            if (!reference.isEmpty() && random.nextInt(3) == 0) {
                double victim = reference.remove(random.nextInt(reference.size()));
                set.remove(victim);
            } else {
                double key = random.nextInt(50) / 10.0;
                reference.add(key);
                set.add(key);
            }
            double probe = random.nextInt(52) / 10.0 - 0.05 * random.nextInt(2);
            long less = reference.stream().filter(x -> x < probe).count();
            long equal = reference.stream().filter(x -> x == probe).count();
            assertThat(set.size()).isEqualTo(reference.size());
            assertThat(set.countLess(probe)).isEqualTo(less);
            assertThat(set.countEqual(probe)).isEqualTo(equal);
            assertThat(set.countGreater(probe)).isEqualTo(reference.size() - less - equal);
        }
    }

    @Test
    void removingAnAbsentScoreFails() {
        ScoreMultiset set = new ScoreMultiset();
        set.add(1.0);
        assertThatThrownBy(() -> set.remove(2.0)).isInstanceOf(IllegalStateException.class);
        set.remove(1.0);
        assertThat(set.size()).isZero();
    }
}
