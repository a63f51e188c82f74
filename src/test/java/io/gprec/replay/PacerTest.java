package io.gprec.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** When each event is due under each pace (the schedule only; nothing here sleeps or reads a clock). */
class PacerTest {

    @Test
    void unpacedSendsEverythingAtOnce() {
        Pacer p = Pacer.unpaced();
        assertThat(p.dueNanos(0, 5)).isZero();
        assertThat(p.dueNanos(1_000_000, 99_999)).isZero();
    }

    @Test
    void rateSpacesEventsEvenlyWhateverTheirTimes() {
        Pacer p = Pacer.rate(2_000);
        assertThat(p.dueNanos(0, 1_000)).isZero();
        assertThat(p.dueNanos(1, 0)).isEqualTo(500_000);
        assertThat(p.dueNanos(2_000, 0)).isEqualTo(1_000_000_000);
    }

    @Test
    void speedupDividesTheGapsFromTheFirstSentEvent() {
        Pacer p = Pacer.speedup(10);
        assertThat(p.dueNanos(0, 50_000)).isZero();                 // the first event sets the origin
        assertThat(p.dueNanos(1, 60_000)).isEqualTo(1_000_000_000);  // 10 s later in the data: 1 s later here
        assertThat(p.dueNanos(2, 40_000)).isZero();                  // earlier than the origin (file order): at once
        assertThat(p.dueNanos(3, 50_000 + 3_600_000)).isEqualTo(360_000_000_000L);
    }

    @Test
    void nonPositiveOrInfinitePacesAreRejected() {
        assertThatThrownBy(() -> Pacer.rate(0)).hasMessageContaining("positive");
        assertThatThrownBy(() -> Pacer.speedup(Double.POSITIVE_INFINITY)).hasMessageContaining("positive");
        assertThatThrownBy(() -> Pacer.speedup(Double.NaN)).hasMessageContaining("positive");
    }
}
