package io.gprec.stream;

/**
 * The event-time arithmetic of expiry ({@code gprec.state.ttl}): time is cut into buckets of
 * ttl / 8 (at least 1 ms); something last seen at time t expires at the first bucket boundary
 * after t + ttl, so it is kept for more than ttl and at most ttl + one bucket. Sweeping only at
 * boundaries keeps the cost low: one pass over the shared tables and one timer per user and
 * bucket at most, instead of work per event.
 */
final class ExpiryClock {
    static final int BUCKETS_PER_TTL = 8;

    private final long ttl, bucket;

    /** ttl in ms; 0 = never expire. */
    ExpiryClock(long ttlMillis) {
        if (ttlMillis < 0) throw new IllegalArgumentException(StateOptions.TTL.key() + " must be >= 0, got " + ttlMillis + " ms");
        this.ttl = ttlMillis;
        this.bucket = Math.max(1, (ttlMillis + BUCKETS_PER_TTL - 1) / BUCKETS_PER_TTL);
    }

    boolean enabled() { return ttl > 0; }

    long ttlMillis() { return ttl; }

    long bucketMillis() { return bucket; }

    /** The boundary at or before t. */
    long boundaryAtOrBefore(long t) {
        return Math.floorDiv(t, bucket) * bucket;
    }

    /** When something last seen at {@code lastSeen} expires: the first boundary after lastSeen + ttl. */
    long deadline(long lastSeen) {
        return boundaryAtOrBefore(lastSeen + ttl) + bucket;
    }

    /** At boundary b, everything last seen before this has expired (its deadline is ≤ b). */
    long cutoffAt(long boundary) {
        return boundary - ttl;
    }
}
