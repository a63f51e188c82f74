package io.gprec.cli.util;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A terminal progress bar on stderr: "[#####.....] 52% 1234/5000  examples/s 45,210  ETA 0:12"; redraws with \r at
 * most every 200 ms when stderr is a terminal (System.console()!=null), otherwise prints a plain line at most every
 * 10 s; finish() prints the final line and a newline.
 *
 * <p>A non-empty label is printed before the bar; the final line shows the elapsed time instead of the ETA. A total
 * of zero or less means "unknown": only the count and rate are shown.
 */
public final class ProgressBar implements AutoCloseable {

    static final long INTERACTIVE_INTERVAL_MS = 200;
    static final long PLAIN_INTERVAL_MS = 10_000;
    private static final int BAR_WIDTH = 10;

    private final String label;
    private final long total;
    private final String unit;
    private final PrintStream out;
    private final boolean interactive;
    private final LongSupplier clockMs;
    private final long startMs;

    private long done;
    private long nextDrawMs;
    private int lastLineLength;
    private boolean finished;

    public ProgressBar(String label, long total, String unit) {
        this(label, total, unit, System.err, System.console() != null, () -> System.nanoTime() / 1_000_000);
    }

    /** For tests: renders into {@code out}, with {@code clockMs} a monotonic clock in milliseconds. */
    ProgressBar(String label, long total, String unit, PrintStream out, boolean interactive, LongSupplier clockMs) {
        this.label = label == null ? "" : label;
        this.total = total;
        this.unit = unit;
        this.out = out;
        this.interactive = interactive;
        this.clockMs = clockMs;
        this.startMs = clockMs.getAsLong();
        // A terminal shows the bar on the first step; a log file only hears from long jobs.
        this.nextDrawMs = interactive ? startMs : startMs + PLAIN_INTERVAL_MS;
    }

    /** Advances by {@code n} and redraws if the throttle interval has passed. */
    public synchronized void step(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("progress step must not be negative, got " + n);
        }
        if (finished) {
            throw new IllegalStateException("progress bar '" + label + "' is already finished");
        }
        done += n;
        long now = clockMs.getAsLong();
        if (now >= nextDrawMs) {
            nextDrawMs = now + (interactive ? INTERACTIVE_INTERVAL_MS : PLAIN_INTERVAL_MS);
            draw(render(now, false), false);
        }
    }

    /** Prints the final line and a newline; later calls do nothing. */
    public synchronized void finish() {
        if (finished) {
            return;
        }
        finished = true;
        draw(render(clockMs.getAsLong(), true), true);
    }

    /** Same as {@link #finish()} if not finished yet. */
    @Override
    public void close() {
        finish();
    }

    private void draw(String line, boolean last) {
        if (interactive) {
            // Blank out the tail of a longer previous line that \r alone would leave on screen.
            int padding = Math.max(0, lastLineLength - line.length());
            out.print("\r" + line + " ".repeat(padding) + (last ? System.lineSeparator() : ""));
            lastLineLength = line.length();
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** The progress line at time {@code nowMs}, without any carriage return or newline. */
    String render(long nowMs, boolean last) {
        long elapsedMs = Math.max(0, nowMs - startMs);
        double perSecond = elapsedMs == 0 ? Double.NaN : done * 1000.0 / elapsedMs;
        StringBuilder line = new StringBuilder();
        if (!label.isEmpty()) {
            line.append(label).append(' ');
        }
        if (total > 0) {
            long shown = Math.min(done, total);
            int hashes = (int) (shown * BAR_WIDTH / total);
            line.append('[').append("#".repeat(hashes)).append(".".repeat(BAR_WIDTH - hashes)).append("] ")
                    .append(shown * 100 / total).append("% ")
                    .append(done).append('/').append(total);
        } else {
            line.append(done).append(' ').append(unit);
        }
        line.append("  ").append(unit).append("/s ")
                .append(Double.isNaN(perSecond) ? "--" : String.format(Locale.ROOT, "%,d", Math.round(perSecond)));
        if (last) {
            line.append("  elapsed ").append(duration(elapsedMs / 1000));
        } else if (total > 0) {
            line.append("  ETA ").append(eta(perSecond));
        }
        return line.toString();
    }

    private String eta(double perSecond) {
        long remaining = Math.max(0, total - done);
        if (remaining == 0) {
            return duration(0);
        }
        if (Double.isNaN(perSecond) || perSecond <= 0) {
            return "--:--";
        }
        return duration((long) Math.ceil(remaining / perSecond));
    }

    /** "m:ss" below an hour, "h:mm:ss" from an hour on. */
    static String duration(long seconds) {
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0
                ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s)
                : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}
