package io.gprec.model;

/**
 * SplitMix64: a small seeded generator whose whole state is one long, so a training run can
 * save it in a checkpoint and resume with exactly the same dropout masks and Gumbel noise.
 */
public final class Rng {
    private long state;

    public Rng(long seed) {
        this.state = seed;
    }

    public long state() { return state; }

    public void setState(long state) { this.state = state; }

    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** out[0..n) = the next n values of {@link #nextLong}, with the state kept in a register. */
    public void nextLongs(long[] out, int n) {
        long s = state;
        for (int i = 0; i < n; i++) {
            long z = (s += 0x9E3779B97F4A7C15L);
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            out[i] = z ^ (z >>> 31);
        }
        state = s;
    }

    /** Uniform in (0, 1): never exactly 0, so log(u) is finite. */
    public double nextOpenUnit() {
        return ((nextLong() >>> 11) + 0.5) * 0x1.0p-53;
    }

    /** Standard Gumbel sample −log(−log u). */
    public double nextGumbel() {
        return -Math.log(-Math.log(nextOpenUnit()));
    }

    /** Standard logistic sample log(u / (1 − u)): the law of the difference of two independent standard Gumbels. */
    public double nextLogistic() {
        double u = nextOpenUnit();
        return Math.log(u / (1 - u));
    }

    public double nextGaussian() {
        // Box–Muller; one sample per call keeps the state sequence simple to reason about
        double u1 = nextOpenUnit(), u2 = nextOpenUnit();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** A child generator for an independent stream (e.g. one per component). */
    public Rng split() {
        return new Rng(nextLong());
    }
}
