package io.gprec.synth;

import java.util.SplittableRandom;

/**
 * The synthetic click stream, one event at a time in event-time order, in O(1) memory: event k shows a
 * uniformly drawn user a popularity-skewed item at time start + k·step, and the user clicks with
 * probability σ(logit) of the {@link PlantedWorld} (with the drifted affinities from {@code driftAt} on).
 *
 * <pre>
 * ClickStream stream = new ClickStream(new PlantedWorld(spec));
 * SyntheticClick c = new SyntheticClick();
 * while (stream.next(c)) { ... c.user, c.item, c.label, c.timeMillis ... }
 * </pre>
 */
public final class ClickStream {
    private final PlantedWorld world;
    private final SyntheticSpec spec;
    private final SplittableRandom random;
    private long next;

    public ClickStream(PlantedWorld world) {
        this.world = world;
        this.spec = world.spec();
        this.random = new SplittableRandom(PlantedWorld.mix(spec.seed() ^ 0x5EED5EED5EEDL));
    }

    /** Fills {@code out} with the next event; false (and {@code out} untouched) at the end of the stream. */
    public boolean next(SyntheticClick out) {
        if (next >= spec.events()) return false;
        long k = next++;
        int user = random.nextInt(spec.users());
        int item = itemAt(random.nextDouble(), spec);
        boolean drifted = spec.driftAt() >= 0 && k >= spec.driftAt();
        double p = PlantedWorld.sigmoid(world.logit(user, item, drifted));
        out.index = k;
        out.user = user;
        out.item = item;
        out.label = random.nextDouble() < p ? 1 : 0;
        out.timeMillis = spec.startMillis() + k * spec.stepMillis();
        return true;
    }

    /** Events produced so far. */
    public long position() {
        return next;
    }

    /** Inverse-CDF draw of the exposed item: index floor(items · x^γ), so low indices are the popular ones. */
    static int itemAt(double x, SyntheticSpec spec) {
        double u = spec.itemSkew() == 1 ? x : Math.pow(x, spec.itemSkew());
        return Math.min(spec.items() - 1, (int) (u * spec.items()));
    }

    /** A reusable event holder (the stream allocates nothing per event). */
    public static final class SyntheticClick {
        public long index;
        public int user;
        public int item;
        public int label;
        public long timeMillis;
    }
}
