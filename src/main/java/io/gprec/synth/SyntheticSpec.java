package io.gprec.synth;

/**
 * The knobs of the synthetic click generator (see docs/SYNTHETIC.md for the generative model).
 *
 * <pre>
 * SyntheticSpec spec = SyntheticSpec.defaults().withUsers(2_000).withEvents(100_000).withSeed(7);
 * </pre>
 *
 * @param users           number of users U
 * @param items           number of items
 * @param clusters        number of item clusters C (each is liked by one of the groups)
 * @param groups          number of planted user groups K
 * @param userFields      extra categorical user fields, each weakly correlated with the group
 * @param itemFields      extra categorical item fields besides the cluster field (pure noise)
 * @param events          length of the stream
 * @param baseCtr         target click-through rate before the drift (the logit bias is calibrated to it)
 * @param seed            everything derives from it: same spec, same stream
 * @param driftAt         event index from which every group prefers the clusters of the previous group; -1: no drift
 * @param affinity        strength s of the group preference: +s for the group's clusters, -s/(K-1) for the others
 * @param tasteStd        standard deviation of the personal taste term u·v
 * @param tasteRank       rank of the personal taste vectors
 * @param popularityStd   standard deviation of the per-item logit bias
 * @param fieldSignal     probability that a user field value reveals the user's group (else uniform)
 * @param itemSkew        exposure skew γ ≥ 1: item index = floor(items · x^γ), x uniform (1 = uniform exposure)
 * @param startMillis     event time of the first event, epoch milliseconds
 * @param stepMillis      event-time gap between consecutive events (≥ 1, so event times are strictly increasing)
 */
public record SyntheticSpec(int users, int items, int clusters, int groups, int userFields, int itemFields,
                            long events, double baseCtr, long seed, long driftAt, double affinity, double tasteStd,
                            int tasteRank, double popularityStd, double fieldSignal, double itemSkew,
                            long startMillis, long stepMillis) {

    public SyntheticSpec {
        positive("users", users);
        positive("items", items);
        positive("clusters", clusters);
        positive("groups", groups);
        if (clusters < groups) {
            throw new IllegalArgumentException("clusters (" + clusters + ") must be >= groups (" + groups
                    + "): every group needs at least one cluster it prefers");
        }
        if (userFields < 0 || itemFields < 0) {
            throw new IllegalArgumentException("user/item field counts must be >= 0, got " + userFields + "/" + itemFields);
        }
        if (events < 0) throw new IllegalArgumentException("events must be >= 0, got " + events);
        if (!(baseCtr > 0 && baseCtr < 1)) throw new IllegalArgumentException("base CTR must be in (0,1), got " + baseCtr);
        if (driftAt < -1) throw new IllegalArgumentException("drift event must be >= 0 (or -1 for none), got " + driftAt);
        finite("affinity", affinity);
        nonNegative("taste std", tasteStd);
        positive("taste rank", tasteRank);
        nonNegative("popularity std", popularityStd);
        if (!(fieldSignal >= 0 && fieldSignal <= 1)) {
            throw new IllegalArgumentException("field signal must be in [0,1], got " + fieldSignal);
        }
        if (!(itemSkew >= 1 && itemSkew <= 10)) throw new IllegalArgumentException("item skew must be in [1,10], got " + itemSkew);
        if (startMillis < 0) throw new IllegalArgumentException("start time must be >= 0 ms, got " + startMillis);
        if (stepMillis < 1) throw new IllegalArgumentException("time step must be >= 1 ms, got " + stepMillis);
        // the click codec accepts event times up to 2100-01-01
        if (events > 0 && (double) startMillis + (double) (events - 1) * stepMillis > 4_102_444_800_000.0) {
            throw new IllegalArgumentException(events + " events " + stepMillis + " ms apart from " + startMillis
                    + " ms run past 2100-01-01; use a smaller time step");
        }
    }

    /** 10,000 users, 5,000 items in 16 clusters, 4 groups, 2+1 extra fields, 100,000 events, CTR 0.2, no drift. */
    public static SyntheticSpec defaults() {
        return new SyntheticSpec(10_000, 5_000, 16, 4, 2, 1, 100_000, 0.2, 42, -1, 2.0, 0.5, 4, 0.5, 0.5, 2.0,
                1_700_000_000_000L, 1000);
    }

    public SyntheticSpec withUsers(int v) { return new SyntheticSpec(v, items, clusters, groups, userFields, itemFields, events, baseCtr, seed, driftAt, affinity, tasteStd, tasteRank, popularityStd, fieldSignal, itemSkew, startMillis, stepMillis); }
    public SyntheticSpec withItems(int v) { return new SyntheticSpec(users, v, clusters, groups, userFields, itemFields, events, baseCtr, seed, driftAt, affinity, tasteStd, tasteRank, popularityStd, fieldSignal, itemSkew, startMillis, stepMillis); }
    public SyntheticSpec withClusters(int v) { return new SyntheticSpec(users, items, v, groups, userFields, itemFields, events, baseCtr, seed, driftAt, affinity, tasteStd, tasteRank, popularityStd, fieldSignal, itemSkew, startMillis, stepMillis); }
    public SyntheticSpec withGroups(int v) { return new SyntheticSpec(users, items, clusters, v, userFields, itemFields, events, baseCtr, seed, driftAt, affinity, tasteStd, tasteRank, popularityStd, fieldSignal, itemSkew, startMillis, stepMillis); }
    public SyntheticSpec withFields(int user, int item) { return new SyntheticSpec(users, items, clusters, groups, user, item, events, baseCtr, seed, driftAt, affinity, tasteStd, tasteRank, popularityStd, fieldSignal, itemSkew, startMillis, stepMillis); }
    public SyntheticSpec withEvents(long v) { return new SyntheticSpec(users, items, clusters, groups, userFields, itemFields, v, baseCtr, seed, driftAt, affinity, tasteStd, tasteRank, popularityStd, fieldSignal, itemSkew, startMillis, stepMillis); }
    public SyntheticSpec withBaseCtr(double v) { return new SyntheticSpec(users, items, clusters, groups, userFields, itemFields, events, v, seed, driftAt, affinity, tasteStd, tasteRank, popularityStd, fieldSignal, itemSkew, startMillis, stepMillis); }
    public SyntheticSpec withSeed(long v) { return new SyntheticSpec(users, items, clusters, groups, userFields, itemFields, events, baseCtr, v, driftAt, affinity, tasteStd, tasteRank, popularityStd, fieldSignal, itemSkew, startMillis, stepMillis); }
    public SyntheticSpec withDriftAt(long v) { return new SyntheticSpec(users, items, clusters, groups, userFields, itemFields, events, baseCtr, seed, v, affinity, tasteStd, tasteRank, popularityStd, fieldSignal, itemSkew, startMillis, stepMillis); }
    public SyntheticSpec withAffinity(double v) { return new SyntheticSpec(users, items, clusters, groups, userFields, itemFields, events, baseCtr, seed, driftAt, v, tasteStd, tasteRank, popularityStd, fieldSignal, itemSkew, startMillis, stepMillis); }
    public SyntheticSpec withTaste(double std, int rank) { return new SyntheticSpec(users, items, clusters, groups, userFields, itemFields, events, baseCtr, seed, driftAt, affinity, std, rank, popularityStd, fieldSignal, itemSkew, startMillis, stepMillis); }
    public SyntheticSpec withPopularityStd(double v) { return new SyntheticSpec(users, items, clusters, groups, userFields, itemFields, events, baseCtr, seed, driftAt, affinity, tasteStd, tasteRank, v, fieldSignal, itemSkew, startMillis, stepMillis); }
    public SyntheticSpec withFieldSignal(double v) { return new SyntheticSpec(users, items, clusters, groups, userFields, itemFields, events, baseCtr, seed, driftAt, affinity, tasteStd, tasteRank, popularityStd, v, itemSkew, startMillis, stepMillis); }
    public SyntheticSpec withItemSkew(double v) { return new SyntheticSpec(users, items, clusters, groups, userFields, itemFields, events, baseCtr, seed, driftAt, affinity, tasteStd, tasteRank, popularityStd, fieldSignal, v, startMillis, stepMillis); }
    public SyntheticSpec withTime(long start, long step) { return new SyntheticSpec(users, items, clusters, groups, userFields, itemFields, events, baseCtr, seed, driftAt, affinity, tasteStd, tasteRank, popularityStd, fieldSignal, itemSkew, start, step); }

    private static void positive(String what, long v) {
        if (v <= 0) throw new IllegalArgumentException(what + " must be > 0, got " + v);
    }

    private static void nonNegative(String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) throw new IllegalArgumentException(what + " must be a finite number >= 0, got " + v);
    }

    private static void finite(String what, double v) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException(what + " must be finite, got " + v);
    }
}
