package io.gprec.stream.metrics;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Events per second over the last {@value #SECONDS} seconds of wall time, from per-second buckets.
 *
 * <p>The rate counts the events of the current second and the {@value #SECONDS} - 1 before it, divided by the time
 * from the start of that span (or from the first event, if the run is younger) to now. Wall time is treated as
 * non-decreasing: a clock that steps back counts as standing still, so a bucket is never reused for an older second.
 */
final class EventRate {

    static final int SECONDS = 10;
    private static final long NO_TIME = Long.MIN_VALUE;

    private final long[] bucketSecond = new long[SECONDS];
    private final long[] bucketCount = new long[SECONDS];
    private long firstMillis = NO_TIME;
    private long latestMillis = NO_TIME;

    EventRate() {
        Arrays.fill(bucketSecond, NO_TIME);
    }

    void record(long nowMillis) {
        long now = Math.max(nowMillis, latestMillis);
        if (firstMillis == NO_TIME) {
            firstMillis = now;
        }
        latestMillis = now;
        long second = Math.floorDiv(now, 1000L);
        int slot = (int) Math.floorMod(second, (long) SECONDS);
        if (bucketSecond[slot] != second) {
            bucketSecond[slot] = second;
            bucketCount[slot] = 0;
        }
        bucketCount[slot]++;
    }

    /** Events per second; 0 before the first event, NaN when no time has passed since it. */
    double perSecond(long nowMillis) {
        if (firstMillis == NO_TIME) {
            return 0.0;
        }
        long now = Math.max(nowMillis, latestMillis);
        long second = Math.floorDiv(now, 1000L);
        long oldestSecond = second - (SECONDS - 1);
        long start = Math.max(firstMillis, oldestSecond * 1000L);
        long events = 0;
        for (int i = 0; i < SECONDS; i++) {
            if (bucketSecond[i] >= oldestSecond && bucketSecond[i] <= second) {
                events += bucketCount[i];
            }
        }
        long elapsed = now - start;
        return elapsed <= 0 ? Double.NaN : events * 1000.0 / elapsed;
    }

    void write(DataOutputStream out) throws IOException {
        out.writeLong(firstMillis);
        out.writeLong(latestMillis);
        for (int i = 0; i < SECONDS; i++) {
            out.writeLong(bucketSecond[i]);
            out.writeLong(bucketCount[i]);
        }
    }

    static EventRate read(DataInputStream in) throws IOException {
        EventRate r = new EventRate();
        r.firstMillis = in.readLong();
        r.latestMillis = in.readLong();
        if ((r.firstMillis == NO_TIME) != (r.latestMillis == NO_TIME) || r.latestMillis < r.firstMillis) {
            throw new IllegalArgumentException("corrupt event rate state: first=" + r.firstMillis + ", latest="
                    + r.latestMillis);
        }
        for (int i = 0; i < SECONDS; i++) {
            r.bucketSecond[i] = in.readLong();
            r.bucketCount[i] = in.readLong();
            if (r.bucketCount[i] < 0) {
                throw new IllegalArgumentException("corrupt event rate state: negative bucket count");
            }
        }
        return r;
    }
}
