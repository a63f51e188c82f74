package io.gprec.stream;

import java.util.Locale;

/**
 * How the averaged updates reach the trainer subtasks ({@link SyncOptions#DELIVERY}; docs/SCALING.md, "Consistency
 * semantics"). Either way the committed predictions are exactly once.
 */
public enum SyncDelivery {
    /** Transactional feedback, read committed: a round waits for a checkpoint; each round is applied exactly once. */
    EXACTLY_ONCE,
    /**
     * Non-transactional feedback, read uncommitted: a round takes milliseconds; after a restore a replica may apply an
     * update of the failed attempt (training on replayed events counted twice, or its own resent delta left out).
     */
    AT_LEAST_ONCE;

    /** The configuration spelling ("exactly-once", "at-least-once"); Flink matches enum options on toString. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
