package io.gprec.replay;

/** Order in which a dataset is replayed. */
public enum ReplayOrder {
    /**
     * By timestamp, ties by user id then item id (see {@link IdOrder}); stable, so rows equal in all
     * three keep their file order.
     */
    EVENT_TIME,
    /** Exactly as the dataset lists its interactions. */
    FILE,
    /** A uniformly random permutation, fixed by a seed. */
    SHUFFLE
}
