package io.gprec.replay;

import java.util.concurrent.TimeUnit;

/** When the n-th event of a replay may be sent: at once, at a fixed rate, or at a speed-up of its recorded gaps. */
public abstract sealed class Pacer {

    private long startNanos;

    /** As fast as the producer takes them. */
    public static Pacer unpaced() {
        return new Unpaced();
    }

    /** {@code eventsPerSecond} events per second, measured from the first event. */
    public static Pacer rate(double eventsPerSecond) {
        if (!(eventsPerSecond > 0) || Double.isInfinite(eventsPerSecond)) {
            throw new IllegalArgumentException("rate must be a positive number of events/s, got " + eventsPerSecond);
        }
        return new Rate(eventsPerSecond);
    }

    /** The recorded gaps between event times divided by {@code factor} (2 = twice as fast as it happened). */
    public static Pacer speedup(double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("speed-up must be a positive factor, got " + factor);
        }
        return new Speedup(factor);
    }

    /** Marks the start of the replay. */
    void start() {
        startNanos = System.nanoTime();
    }

    /** Blocks until the {@code n}-th sent event (0-based) with this event time is due. */
    final void await(long n, long eventTimeMillis) throws InterruptedException {
        long due = dueNanos(n, eventTimeMillis);
        if (due > 0) {
            sleepUntil(due);
        }
    }

    /** When the {@code n}-th sent event with this event time is due, in nanoseconds after {@link #start()}. */
    abstract long dueNanos(long n, long eventTimeMillis);

    private void sleepUntil(long offsetNanos) throws InterruptedException {
        long wait = startNanos + offsetNanos - System.nanoTime();
        if (wait > 1_000_000) { // below a millisecond the sleep itself costs more than it is worth
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private static final class Unpaced extends Pacer {
        @Override
        long dueNanos(long n, long eventTimeMillis) {
            return 0;
        }

        @Override
        public String toString() {
            return "as fast as possible";
        }
    }

    private static final class Rate extends Pacer {
        private final double perSecond;

        Rate(double perSecond) {
            this.perSecond = perSecond;
        }

        @Override
        long dueNanos(long n, long eventTimeMillis) {
            return (long) (n / perSecond * 1e9);
        }

        @Override
        public String toString() {
            return perSecond + " events/s";
        }
    }

    private static final class Speedup extends Pacer {
        private final double factor;
        private long firstMillis = Long.MIN_VALUE;

        Speedup(double factor) {
            this.factor = factor;
        }

        @Override
        long dueNanos(long n, long eventTimeMillis) {
            if (firstMillis == Long.MIN_VALUE) {
                firstMillis = eventTimeMillis;
            }
            // Out-of-order times (file order) send at once rather than wait for a past moment.
            return (long) (Math.max(0, eventTimeMillis - firstMillis) * 1e6 / factor);
        }

        @Override
        public String toString() {
            return factor + "x the recorded time";
        }
    }
}
