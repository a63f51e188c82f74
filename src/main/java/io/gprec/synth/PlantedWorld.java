package io.gprec.synth;

/**
 * The planted truth of a synthetic stream: every user's group, taste and profile, every item's cluster,
 * popularity and attributes, and the group-to-cluster affinities before and after the drift.
 *
 * <p>Nothing is stored per user or item: each attribute is a hash of (seed, attribute, id), so a world of
 * 1M users and 2M items costs no memory and any user or item can be looked up in O(1) in any order
 * (the Kafka producer and the side-table writer read the same values without sharing state).
 */
public final class PlantedWorld {
    private static final long GROUP = 1, CLUSTER = 2, USER_TASTE = 3, ITEM_TASTE = 4, ITEM_BIAS = 5, USER_FIELD = 6,
            USER_FIELD_SIGNAL = 7, ITEM_FIELD = 8, CALIBRATION = 9;
    /** Values per extra item field. */
    static final int ITEM_FIELD_VALUES = 10;
    private static final double SQRT3 = Math.sqrt(3);

    private final SyntheticSpec spec;
    private final double tasteScale;
    private final double bias;

    public PlantedWorld(SyntheticSpec spec) {
        this.spec = spec;
        // u·v with unit-variance components has variance R: scale it to the requested standard deviation
        this.tasteScale = spec.tasteStd() / Math.sqrt(spec.tasteRank());
        this.bias = calibrate();
    }

    public SyntheticSpec spec() { return spec; }

    /** The planted group of user u, in [0, K). */
    public int group(int user) {
        return (int) Long.remainderUnsigned(hash(GROUP, user, 0), spec.groups());
    }

    /** The cluster of item i, in [0, C). */
    public int cluster(int item) {
        return (int) Long.remainderUnsigned(hash(CLUSTER, item, 0), spec.clusters());
    }

    /**
     * The group that prefers cluster c: c mod K before the drift, (c + 1) mod K from event {@code driftAt}
     * on, so after the drift each group likes what the previous group liked.
     */
    public int homeGroup(int cluster, boolean drifted) {
        return (cluster + (drifted ? 1 : 0)) % spec.groups();
    }

    /** A[g][c]: +s if g is c's home group, -s/(K-1) otherwise (0 with one group), so every cluster averages 0. */
    public double affinity(int group, int cluster, boolean drifted) {
        if (homeGroup(cluster, drifted) == group) return spec.affinity();
        return spec.groups() == 1 ? 0 : -spec.affinity() / (spec.groups() - 1);
    }

    /** The click logit of (user, item) before or after the drift. */
    public double logit(int user, int item, boolean drifted) {
        int g = group(user), c = cluster(item);
        return bias + affinity(g, c, drifted) + taste(user, item) + itemBias(item);
    }

    /** The calibrated bias b0. */
    public double bias() { return bias; }

    double taste(int user, int item) {
        if (spec.tasteStd() == 0) return 0;
        double dot = 0;
        for (int k = 0; k < spec.tasteRank(); k++) {
            dot += unit(USER_TASTE, user, k) * unit(ITEM_TASTE, item, k);
        }
        return tasteScale * dot;
    }

    double itemBias(int item) {
        return spec.popularityStd() * unit(ITEM_BIAS, item, 0);
    }

    /**
     * Value index of user field f for user u, in [0, 2K): with probability {@code fieldSignal} one of the two
     * values that belong to the user's group (2g or 2g+1), else any of the 2K values. So a field alone
     * names the group only sometimes, and all fields together usually.
     */
    public int userField(int user, int field) {
        long h = hash(USER_FIELD, user, field);
        int k = spec.groups();
        if (uniform(hash(USER_FIELD_SIGNAL, user, field)) < spec.fieldSignal()) {
            return 2 * group(user) + (int) (h & 1);
        }
        return (int) Long.remainderUnsigned(h, 2L * k);
    }

    /** Value index of extra item field f for item i, in [0, 10): independent of everything else. */
    public int itemField(int item, int field) {
        return (int) Long.remainderUnsigned(hash(ITEM_FIELD, item, field), ITEM_FIELD_VALUES);
    }

    /** Bisection on b0 so that the mean click probability over 20,000 random pre-drift pairs is the base CTR. */
    private double calibrate() {
        int n = 20_000;
        int[] users = new int[n], items = new int[n];
        double[] rest = new double[n];
        for (int j = 0; j < n; j++) {
            users[j] = (int) Long.remainderUnsigned(hash(CALIBRATION, j, 0), spec.users());
            items[j] = ClickStream.itemAt(uniform(hash(CALIBRATION, j, 1)), spec);
            rest[j] = affinity(group(users[j]), cluster(items[j]), false) + taste(users[j], items[j]) + itemBias(items[j]);
        }
        double lo = -30, hi = 30;
        for (int it = 0; it < 60; it++) {
            double mid = (lo + hi) / 2, mean = 0;
            for (int j = 0; j < n; j++) mean += sigmoid(mid + rest[j]);
            if (mean / n < spec.baseCtr()) lo = mid; else hi = mid;
        }
        return (lo + hi) / 2;
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** A uniform value in [-√3, √3): zero mean, unit variance. */
    private double unit(long attribute, long id, long index) {
        return (2 * uniform(hash(attribute, id, index)) - 1) * SQRT3;
    }

    /** The top 53 bits as a double in [0, 1). */
    static double uniform(long h) {
        return (h >>> 11) * 0x1.0p-53;
    }

    private long hash(long attribute, long id, long index) {
        long h = mix(spec.seed() ^ 0x9E3779B97F4A7C15L * attribute);
        h = mix(h ^ id);
        return mix(h ^ (index * 0xD1B54A32D192ED03L));
    }

    /** SplitMix64's finaliser: a bijection whose outputs pass as independent for distinct inputs. */
    static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
