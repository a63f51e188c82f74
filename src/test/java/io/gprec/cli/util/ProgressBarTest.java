package io.gprec.cli.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Checks ProgressBar's rendered text and its redraw throttling on a fake clock. */
class ProgressBarTest {

    private static final String NL = System.lineSeparator();

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    private final AtomicLong clock = new AtomicLong(1_000_000);

    private ProgressBar bar(String label, long total, boolean interactive) {
        return new ProgressBar(label, total, "examples", out, interactive, clock::get);
    }

    private String output() {
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void rendersTheDocumentedFormat() {
        ProgressBar bar = bar("", 5000, true);
        bar.step(0);
        buffer.reset();
        clock.addAndGet(27_295);
        bar.step(1234);
        // 1234 / 27.295 s = 45.21 examples/s; 3766 left at that rate = 83.3 s, rounded up
        assertThat(output()).isEqualTo("\r[##........] 24% 1234/5000  examples/s 45  ETA 1:24");
    }

    @Test
    void groupsLargeRatesAndShowsLabel() {
        ProgressBar bar = bar("train", 5000, true);
        assertThat(bar.render(clock.get(), false)).isEqualTo("train [..........] 0% 0/5000  examples/s --  ETA --:--");
        clock.addAndGet(1_000);
        bar.step(2600);
        assertThat(output()).isEqualTo("\rtrain [#####.....] 52% 2600/5000  examples/s 2,600  ETA 0:01");
    }

    @Test
    void interactiveRedrawsAtMostEvery200Ms() {
        ProgressBar bar = bar("", 100, true);
        bar.step(1);
        clock.addAndGet(100);
        bar.step(1);
        assertThat(output().chars().filter(c -> c == '\r').count()).isEqualTo(1);
        clock.addAndGet(100);
        bar.step(1);
        assertThat(output().chars().filter(c -> c == '\r').count()).isEqualTo(2);
        assertThat(output()).doesNotContain(NL);
    }

    @Test
    void plainOutputPrintsLinesAtMostEvery10Seconds() {
        ProgressBar bar = bar("eval", 1000, false);
        bar.step(100);
        clock.addAndGet(9_999);
        bar.step(100);
        assertThat(output()).isEmpty();
        clock.addAndGet(1);
        bar.step(100);
        assertThat(output()).isEqualTo("eval [###.......] 30% 300/1000  examples/s 30  ETA 0:24" + NL);
        clock.addAndGet(5_000);
        bar.step(100);
        assertThat(output().lines()).hasSize(1);
        assertThat(output()).doesNotContain("\r");
    }

    @Test
    void finishPrintsFinalLineOnceWithNewline() {
        ProgressBar bar = bar("", 10, false);
        clock.addAndGet(12_000);
        bar.step(10);
        buffer.reset();
        bar.finish();
        bar.close();
        assertThat(output()).isEqualTo("[##########] 100% 10/10  examples/s 1  elapsed 0:12" + NL);
        assertThatThrownBy(() -> bar.step(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void interactiveRedrawPadsOverLongerPreviousLineAndFinishEndsTheLine() {
        ProgressBar bar = bar("", 0, true);
        clock.addAndGet(1_000);
        bar.step(123_456);
        assertThat(output()).isEqualTo("\r123456 examples  examples/s 123,456");
        buffer.reset();
        clock.addAndGet(1_000_000);
        try (bar) {
            bar.step(1);
        }
        // The redraw is 4 characters shorter than the line before it, so 4 blanks erase the leftover digits.
        assertThat(output()).isEqualTo("\r123457 examples  examples/s 123    "
                + "\r123457 examples  examples/s 123  elapsed 16:41" + NL);
    }

    @Test
    void overshootIsClampedAndLongEtasShowHours() {
        ProgressBar bar = bar("", 10, true);
        clock.addAndGet(1_000);
        assertThat(bar.render(clock.get(), false)).endsWith("ETA --:--");
        bar.step(20);
        assertThat(output()).contains("[##########] 100% 20/10");
        assertThat(ProgressBar.duration(3_725)).isEqualTo("1:02:05");
        assertThat(ProgressBar.duration(59)).isEqualTo("0:59");
    }

    @Test
    void rejectsNegativeSteps() {
        ProgressBar bar = bar("", 10, true);
        assertThatThrownBy(() -> bar.step(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
