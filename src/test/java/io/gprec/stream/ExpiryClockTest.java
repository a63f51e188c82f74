package io.gprec.stream;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The event-time arithmetic of gprec.state.ttl. */
class ExpiryClockTest {
    @Test
    void somethingLastSeenAtTExpiresAtTheFirstBoundaryAfterTPlusTtl() {
        Random rnd = new Random(1);
        for (long ttl : new long[]{1, 7, 17, 3_600_000, 86_400_000L * 30}) {
            ExpiryClock c = new ExpiryClock(ttl);
            assertThat(c.bucketMillis()).isEqualTo(Math.max(1, (ttl + 7) / 8));
            for (int i = 0; i < 1000; i++) {
                long t = 1_600_000_000_000L + rnd.nextInt(1 << 30) - (1 << 29);
                long d = c.deadline(t);
                assertThat(d % c.bucketMillis()).isZero();
                assertThat(d).isGreaterThan(t + ttl).isLessThanOrEqualTo(t + ttl + c.bucketMillis());
                // the sweep at the deadline drops it, the one before keeps it: rows and users agree
                assertThat(t).isGreaterThanOrEqualTo(c.cutoffAt(d - c.bucketMillis())).isLessThan(c.cutoffAt(d));
            }
        }
    }

    @Test
    void boundariesAreFloorsAlsoBeforeTheEpoch() {
        ExpiryClock c = new ExpiryClock(80);
        assertThat(c.boundaryAtOrBefore(25)).isEqualTo(20);
        assertThat(c.boundaryAtOrBefore(20)).isEqualTo(20);
        assertThat(c.boundaryAtOrBefore(-1)).isEqualTo(-10);
        assertThat(new ExpiryClock(0).enabled()).isFalse();
        assertThatThrownBy(() -> new ExpiryClock(-1)).hasMessage("gprec.state.ttl must be >= 0, got -1 ms");
    }
}
