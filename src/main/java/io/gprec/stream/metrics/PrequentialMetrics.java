package io.gprec.stream.metrics;

import io.gprec.metrics.BinaryMetrics;
import io.gprec.metrics.SlidingWindowAuc;

import io.gprec.stream.event.Prediction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * Prequential (test-then-train) quality and rate of a prediction stream: rolling window and cumulative AUC/LogLoss,
 * CTR, events/s, per-group counts and AUC.
 *
 * <ul>
 *   <li>Window AUC and log loss over the last {@code windowSize} predictions (exact, {@link SlidingWindowAuc}).</li>
 *   <li>Cumulative AUC over the whole stream in fixed memory ({@link BinnedAuc}, {@value #CUMULATIVE_BINS} logit
 *       bins), with the bound on its distance from the exact value; cumulative log loss is the mean clipped (1e-7)
 *       cross-entropy, summed with Neumaier compensation because an endless stream would otherwise drift.</li>
 *   <li>CTR is the fraction of positive labels over the whole stream.</li>
 *   <li>Events per second over the last 10 s of the wall time passed to {@link #add} ({@link EventRate}).</li>
 *   <li>Per group g in [0, groups): count and cumulative AUC ({@link BinnedAuc}, {@value #GROUP_BINS} bins) of the
 *       predictions with that group; base-model predictions (group -1) count only in the totals.</li>
 * </ul>
 * {@link #add} costs expected O(log windowSize); {@link #snapshot} costs O(bins). Memory is fixed: the window, and
 * 16 bytes per bin, however long the stream runs. Not thread-safe.
 *
 * <p>{@link #toBytes()} / {@link #fromBytes(byte[])} carry the complete state (for operator state), so a restored
 * instance continues exactly as the original would have, down to the last bit of every metric.
 */
public final class PrequentialMetrics {

    private static final int FORMAT_VERSION = 2;
    static final int CUMULATIVE_BINS = 1 << 16;
    static final int GROUP_BINS = 1 << 12;
    /** Version int and CRC-32 of the rest: the header before the checksummed payload. */
    private static final int HEADER_BYTES = Integer.BYTES + Long.BYTES;

    private final int windowSize;
    private final int groups;
    private final SlidingWindowAuc window;
    private final BinnedAuc cumulative;
    private final BinnedAuc[] groupAuc;
    private final EventRate rate;
    private double lossSum;
    private double lossCompensation;
    private long modelVersion = -1;

    /**
     * @param windowSize predictions in the rolling window (the job uses 10,000)
     * @param groups     number of user groups G, 0 for the base model
     */
    public PrequentialMetrics(int windowSize, int groups) {
        this(windowSize, groups, new SlidingWindowAuc(checkWindow(windowSize)), new BinnedAuc(CUMULATIVE_BINS),
                newGroups(groups), new EventRate());
    }

    private PrequentialMetrics(int windowSize, int groups, SlidingWindowAuc window, BinnedAuc cumulative,
                               BinnedAuc[] groupAuc, EventRate rate) {
        this.windowSize = windowSize;
        this.groups = groups;
        this.window = window;
        this.cumulative = cumulative;
        this.groupAuc = groupAuc;
        this.rate = rate;
    }

    /**
     * Adds one prediction seen at wall time {@code nowMillis}.
     *
     * @throws IllegalArgumentException if the prediction's group is not -1 or in [0, groups); nothing is recorded
     */
    public void add(Prediction p, long nowMillis) {
        Objects.requireNonNull(p, "prediction");
        int g = p.group();
        // Checked before any update so a rejected prediction leaves every metric consistent.
        if (g < -1 || g >= groups) {
            throw new IllegalArgumentException("prediction " + p.eventId() + " has group " + g + " but the metrics track "
                    + groups + " groups (-1 = base model)");
        }
        double score = p.score();
        int label = p.label();
        double loss = BinaryMetrics.crossEntropy(score, label);
        window.add(score, label);
        cumulative.add(score, label);
        if (g >= 0) {
            groupAuc[g].add(score, label);
        }
        addLoss(loss);
        rate.record(nowMillis);
        modelVersion = p.modelVersion();
    }

    /** The metrics as of wall time {@code nowMillis}. */
    public MetricsSnapshot snapshot(long nowMillis) {
        long n = cumulative.count();
        long[] counts = new long[groups];
        double[] aucs = new double[groups];
        for (int g = 0; g < groups; g++) {
            counts[g] = groupAuc[g].count();
            aucs[g] = groupAuc[g].auc();
        }
        return new MetricsSnapshot(n, window.auc(), window.logLoss(), cumulative.auc(), cumulative.errorBound(),
                n == 0 ? Double.NaN : (lossSum + lossCompensation) / n,
                n == 0 ? Double.NaN : (double) cumulative.positives() / n,
                rate.perSecond(nowMillis), modelVersion, counts, aucs, nowMillis);
    }

    /** Predictions added so far. */
    public long count() {
        return cumulative.count();
    }

    public int windowSize() {
        return windowSize;
    }

    public int groups() {
        return groups;
    }

    /** Neumaier summation: the compensation term catches the low bits each addition to a large sum drops. */
    private void addLoss(double loss) {
        double t = lossSum + loss;
        if (Math.abs(lossSum) >= Math.abs(loss)) {
            lossCompensation += (lossSum - t) + loss;
        } else {
            lossCompensation += (loss - t) + lossSum;
        }
        lossSum = t;
    }

    /**
     * The complete state: a leading format version int, the CRC-32 of the payload as a long, then the payload. The
     * checksum keeps a corrupted state from being restored as plausible but wrong metrics, or from asking for a
     * window of billions of slots.
     */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT_VERSION);
            out.writeLong(0); // checksum placeholder, patched below
            out.writeInt(windowSize);
            out.writeInt(groups);
            out.writeLong(modelVersion);
            out.writeDouble(lossSum);
            out.writeDouble(lossCompensation);
            window.write(out);
            cumulative.write(out);
            for (BinnedAuc g : groupAuc) {
                g.write(out);
            }
            rate.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e); // unreachable: no real I/O
        }
        byte[] state = bytes.toByteArray();
        ByteBuffer.wrap(state).putLong(Integer.BYTES, checksum(state));
        return state;
    }

    private static long checksum(byte[] state) {
        CRC32 crc = new CRC32();
        crc.update(state, HEADER_BYTES, state.length - HEADER_BYTES);
        return crc.getValue();
    }

    /**
     * Restores what {@link #toBytes()} wrote.
     *
     * @throws IllegalArgumentException for an unknown format version, a checksum mismatch, truncated, trailing or
     *                                  inconsistent data
     */
    public static PrequentialMetrics fromBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readInt();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("unknown PrequentialMetrics format version " + version
                        + ", this code reads version " + FORMAT_VERSION);
            }
            long stored = in.readLong();
            if (stored != checksum(bytes)) {
                throw new IllegalArgumentException("corrupt PrequentialMetrics state: checksum mismatch");
            }
            int windowSize = checkWindow(in.readInt());
            int groups = in.readInt();
            // Bound by the bytes present (each group writes at least 8) before allocating per-group state.
            if (groups < 0 || groups > in.available() / 8) {
                throw new IllegalArgumentException("corrupt PrequentialMetrics: " + groups + " groups");
            }
            long modelVersion = in.readLong();
            double lossSum = in.readDouble();
            double lossCompensation = in.readDouble();
            SlidingWindowAuc window = SlidingWindowAuc.read(in, windowSize);
            BinnedAuc cumulative = BinnedAuc.read(in, CUMULATIVE_BINS);
            BinnedAuc[] groupAuc = new BinnedAuc[groups];
            long grouped = 0;
            for (int g = 0; g < groups; g++) {
                groupAuc[g] = BinnedAuc.read(in, GROUP_BINS);
                grouped += groupAuc[g].count();
            }
            EventRate rate = EventRate.read(in);
            if (in.available() > 0) {
                throw new IllegalArgumentException("corrupt PrequentialMetrics: " + in.available()
                        + " trailing bytes");
            }
            if (window.size() > cumulative.count() || grouped > cumulative.count()) {
                throw new IllegalArgumentException("corrupt PrequentialMetrics: " + cumulative.count()
                        + " predictions but " + window.size() + " in the window and " + grouped + " in groups");
            }
            PrequentialMetrics m = new PrequentialMetrics(windowSize, groups, window, cumulative, groupAuc, rate);
            m.modelVersion = modelVersion;
            m.lossSum = lossSum;
            m.lossCompensation = lossCompensation;
            return m;
        } catch (EOFException e) {
            throw new IllegalArgumentException("truncated PrequentialMetrics state (" + bytes.length + " bytes)", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable PrequentialMetrics state: " + e.getMessage(), e);
        }
    }

    private static int checkWindow(int windowSize) {
        if (windowSize < 1) {
            throw new IllegalArgumentException("window size must be positive, got " + windowSize);
        }
        return windowSize;
    }

    private static BinnedAuc[] newGroups(int groups) {
        if (groups < 0) {
            throw new IllegalArgumentException("groups must be >= 0, got " + groups);
        }
        BinnedAuc[] aucs = new BinnedAuc[groups];
        for (int g = 0; g < groups; g++) {
            aucs[g] = new BinnedAuc(GROUP_BINS);
        }
        return aucs;
    }
}
