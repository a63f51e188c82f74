package io.gprec.soak;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Whether a series stayed flat over a soak, computed, not eyeballed: after a warm-up (the first {@code warmup} share of
 * the samples, while every user is seen for the first time and the JIT settles, and at least until the first completed
 * checkpoint), the median of the last third is
 * compared with the median of the first third. Flat when it grew by at most {@code threshold} (0.25 = 25 %) or by at
 * most the series' absolute slack. Medians, because a heap is a saw-tooth and a checkpoint on a shared machine has
 * outliers; a leak or a growing state moves the median of a whole third. The least-squares slope over the same part is
 * reported alongside, per 10 minutes.
 */
public final class FlatVerdict {
    public static final double DEFAULT_THRESHOLD = 0.25;
    public static final double DEFAULT_WARMUP = 0.10;
    /** Fewer samples after the warm-up than this give no verdict. */
    static final int MIN_SAMPLES = 6;

    /** The verdict of one series: medians of the first and last third, slope, and whether that is flat. */
    public record Result(Series series, double firstThird, double lastThird, double slopePer10Min, boolean flat, String reason) {
        public double growth() {
            return firstThird == 0 ? (lastThird == 0 ? 0 : Double.POSITIVE_INFINITY) : lastThird / firstThird - 1;
        }

        public String line() {
            return String.format(Locale.ROOT, "%-22s first third %10.1f %s, last third %10.1f %s (%+.1f %%), slope %+.2f %s/10 min: %s",
                    series.title, firstThird, series.unit, lastThird, series.unit, 100 * growth(), slopePer10Min, series.unit,
                    flat ? "FLAT" : "NOT FLAT (" + reason + ")");
        }
    }

    private FlatVerdict() {}

    public static List<Result> judge(List<SoakSample> samples, double threshold, double warmup) {
        if (!(threshold >= 0) || !(warmup >= 0 && warmup < 1)) {
            throw new IllegalArgumentException("threshold must be >= 0 and warm-up in [0, 1), got " + threshold + ", " + warmup);
        }
        int from = (int) Math.floor(samples.size() * warmup);
        while (from < samples.size() && samples.get(from).checkpointId() == 0) from++;
        List<SoakSample> kept = samples.subList(from, samples.size());
        if (kept.size() < MIN_SAMPLES) {
            throw new IllegalArgumentException("too few samples for a verdict: " + kept.size() + " after the warm-up and the first checkpoint, need " + MIN_SAMPLES);
        }
        List<Result> out = new ArrayList<>();
        for (Series s : Series.values()) out.add(judge(s, kept, threshold));
        return out;
    }

    static Result judge(Series s, List<SoakSample> kept, double threshold) {
        double[] v = s.values(kept);
        double[] t = kept.stream().mapToDouble(SoakSample::seconds).toArray();
        int third = v.length / 3;
        double first = median(Arrays.copyOfRange(v, 0, third));
        double last = median(Arrays.copyOfRange(v, v.length - third, v.length));
        boolean flat = last <= first * (1 + threshold) || last - first <= s.slack;
        String reason = flat ? "" : String.format(Locale.ROOT, "grew %.0f %% > %.0f %% and %.1f > %.1f %s",
                100 * (last / first - 1), 100 * threshold, last - first, s.slack, s.unit);
        return new Result(s, first, last, slope(t, v) * 600, flat, reason);
    }

    public static boolean allFlat(List<Result> results) {
        return results.stream().allMatch(Result::flat);
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        int n = c.length;
        return n % 2 == 1 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
    }

    /** Least-squares slope of v over t (per second). */
    static double slope(double[] t, double[] v) {
        double mt = Arrays.stream(t).average().orElse(0), mv = Arrays.stream(v).average().orElse(0);
        double num = 0, den = 0;
        for (int i = 0; i < t.length; i++) {
            num += (t[i] - mt) * (v[i] - mv);
            den += (t[i] - mt) * (t[i] - mt);
        }
        return den == 0 ? 0 : num / den;
    }
}
