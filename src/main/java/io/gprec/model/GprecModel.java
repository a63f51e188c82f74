package io.gprec.model;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * GPRec (paper §III) on a {@link Backbone} (MLP, DCN, GDCN, DeepFM, FinalMLP), the backbone alone
 * ({@link ModelKind#BASE}), or the DGPM-like baseline ({@link ModelKind#DGPM}).
 *
 * <p>One step: embeddings E = [E_p, E_o, E_v] (Eq. 1); backbone r_b; per distinct user in the
 * batch, the group classifier (Eq. 2), Gumbel-softmax masks (Eqs. 3–4), dual group
 * embeddings r_G (Eqs. 5–6) and r_P = f2(E_p) (Eq. 12); the head of the chosen strategy
 * (Eqs. 14–18); and the loss L = BCE(ŷ, y) + λ1 L_G − λ2 L_Con + λ3 L_O (Eqs. 7–11, 13, 19–20),
 * where L_Con goes through f1 with f1's weights frozen. Dense parameters are updated with
 * nd4j's Adam, embedding rows with lazy Adam ({@link EmbeddingTable}).
 *
 * <p>Not thread-safe: one model per thread (a Flink subtask owns its own).
 */
public final class GprecModel {
    private static final double CLIP = 1e-7;

    private final GprecConfig config;
    private final FieldLayout layout;
    private final DataType type;
    private final Params params = new Params();
    private final FieldEmbeddings embeddings;
    private final Backbone backbone;
    private final GroupClassifier classifier;
    private final GroupDivision division;
    private final Mlp individual, f1;
    private final Mlp.Tape individualTape, f1Tape, f1ContrastTape;
    private final Head head;
    private final DenseAdam adam;
    private final DistinctUsers users = new DistinctUsers();
    private final int fields, userFields, personalFields, dim, groupWidth;
    private final Rng rng;
    private long step;
    /** Latest time given to {@link #advanceClock}: stamped on the rows trained from then on. */
    private long clock = EmbeddingTable.UNSTAMPED;

    // per-step buffers, resized to the batch
    private int[] rows = new int[0];
    private double[] prob = new double[0], groupProb = new double[0], contrastProb = new double[0], cosines = new double[0];
    private Tensor e, u, ep, rg, rcon, rp, x1, x2, dRb, dRg, dRcon, dRp, dRgUser, dRconUser, dRpUser, dE, dEv, dLogit1, dLogit2;

    public GprecModel(GprecConfig config, FieldLayout layout) {
        this.config = config;
        this.layout = layout;
        this.type = config.dataType;
        this.dim = config.embeddingDim;
        this.fields = layout.fieldCount();
        this.userFields = layout.userFieldCount();
        this.personalFields = layout.personal().length;
        this.groupWidth = config.groupWidth();
        this.rng = new Rng(config.seed);
        this.embeddings = new FieldEmbeddings(layout, dim, config.embeddingInitScale);
        this.backbone = Backbone.create(config, params, type, layout);
        int rb = backbone.outputWidth();
        boolean gprec = config.kind != ModelKind.BASE;
        if (gprec && config.individual && personalFields == 0) {
            throw new IllegalArgumentException("individual preferences (r_P) need a personal field such as user_id; "
                    + "none in " + layout);
        }
        boolean withIndividual = gprec && config.individual;
        if (gprec) {
            classifier = new GroupClassifier(params, type, userFields * dim, config.groups,
                    config.classifierHidden[0], config.classifierHidden[1]);
            division = new GroupDivision(params, type, config.groups, dim, config.dualGroups, config.combine, config.tau);
            individual = withIndividual
                    ? new Mlp(params, "individual.f2", type, personalFields * dim, config.individualHidden, groupWidth, 0)
                    : null;
            f1 = config.groupLoss || config.contrastLoss
                    ? new Mlp(params, "group.f1", type, groupWidth + layout.item().length * dim, config.headHidden, 1, 0)
                    : null;
        } else {
            classifier = null;
            division = null;
            individual = null;
            f1 = null;
        }
        individualTape = individual == null ? null : individual.newTape();
        f1Tape = f1 == null ? null : f1.newTape();
        f1ContrastTape = f1 == null ? null : f1.newTape();
        int rpWidth = withIndividual ? groupWidth : 0;
        if (backbone instanceof FinalMlpStreams streams) {
            head = fusionHead(streams, gprec, rpWidth);
        } else if (!gprec) {
            head = new InputHead(params, type, rb, new int[0]);
        } else {
            head = switch (config.strategy) {
                case INPUT -> new InputHead(params, type, rb + groupWidth + rpWidth, config.headHidden);
                case DP -> new DynamicParameterHead(params, type, rb, groupWidth + rpWidth, config.headHidden);
                case ENSEMBLE -> new EnsembleHead(params, type, rb, groupWidth, rpWidth, config.headHidden);
            };
        }
        params.allocate(type, config.seed);
        this.adam = new DenseAdam(config.adam, params);
    }

    /** FinalMLP keeps its bilinear fusion as the prediction layer: f_y (input) or f_b (ensemble); GprecConfig refuses DP. */
    private Head fusionHead(FinalMlpStreams streams, boolean gprec, int rpWidth) {
        int first = streams.firstStreamWidth(), second = streams.outputWidth() - first;
        if (!gprec) return new FusionHead(params, type, first, second, 0);
        return switch (config.strategy) {
            case INPUT -> new FusionHead(params, type, first, second, groupWidth + rpWidth);
            case ENSEMBLE -> new EnsembleHead(params, type, FusionHead.member(params, type, first, second), groupWidth, rpWidth,
                    config.headHidden);
            case DP -> throw new IllegalArgumentException("FinalMLP takes no dynamic parameters");
        };
    }

    public GprecConfig config() { return config; }
    public FieldLayout layout() { return layout; }
    public long step() { return step; }
    public long denseParameterCount() { return params.count(); }

    /** A copy of the group embeddings p_g, n_g (Eq. 5); empty for the base model, which has none. */
    public java.util.Optional<GroupEmbeddings> groupEmbeddings() {
        return division == null ? java.util.Optional.empty() : java.util.Optional.of(division.embeddings());
    }

    /** Probabilities for each example, with no noise and no dropout; unseen ids use a zero embedding. */
    public void predict(Batch batch, double[] out) {
        forward(batch, false);
        System.arraycopy(prob, 0, out, 0, batch.size());
    }

    /**
     * As {@link #predict(Batch, double[])}, and each example's strongest group (argmax of m^1,
     * or of the softmax weights in single-embedding mode) in {@code group}; -1 for the base model.
     */
    public void predict(Batch batch, double[] out, int[] group) {
        predict(batch, out);
        int n = batch.size();
        if (division == null) {
            java.util.Arrays.fill(group, 0, n, -1);
            return;
        }
        Tensor masks = division.masks();
        int g = config.groups;
        int[] best = new int[users.count];
        for (int u = 0; u < users.count; u++) {
            int arg = 0;
            for (int j = 1; j < g; j++) if (masks.get(u * g + j) > masks.get(u * g + arg)) arg = j;
            best[u] = arg;
        }
        for (int i = 0; i < n; i++) group[i] = best[users.userOf[i]];
    }

    /** One optimisation step on the batch. */
    public TrainStats train(Batch batch) {
        TrainStats stats = computeGradients(batch);
        adam.step(params, step);
        embeddings.adamStep(config.adam, step + 1);
        step++;
        return stats;
    }

    /** Forward and backward in training mode, gradients left in place, no update (for gradient checks). */
    TrainStats computeGradients(Batch batch) {
        params.zeroGrads();
        embeddings.clearGradients();
        TrainStats stats = forward(batch, true);
        backward(batch);
        return stats;
    }

    /** The loss of a training-mode forward pass, with no side effects on gradients (for gradient checks). */
    double loss(Batch batch) {
        return forward(batch, true).total();
    }

    private TrainStats forward(Batch batch, boolean training) {
        int n = batch.size();
        if (batch.fields() != fields) {
            throw new IllegalArgumentException("expected " + fields + " fields per example, found " + batch.fields());
        }
        ensureCapacity(n);
        embeddings.lookup(batch, training, rng, rows);
        e = sized(e, n, fields * dim);
        embeddings.gather(rows, n, e);
        Tensor rb = backbone.forward(e, training, rng);
        Tensor rgExample = null, rpExample = null;
        boolean contrast = training && config.contrastLoss;
        if (classifier != null) {
            users.compute(rows, n, fields, userFields);
            int nu = users.count;
            u = sized(u, nu, userFields * dim);
            for (int j = 0; j < nu; j++) u.copyFrom(e, users.firstExample[j] * fields * dim, j * userFields * dim, userFields * dim);
            division.forward(classifier.forward(u), training, rng, contrast);
            rg = sized(rg, n, groupWidth);
            gatherUsers(division.groupRepresentation(), n, rg);
            rgExample = rg;
            if (contrast) {
                rcon = sized(rcon, n, groupWidth);
                gatherUsers(division.contrastRepresentation(), n, rcon);
            }
            if (individual != null) {
                ep = sized(ep, nu, personalFields * dim);
                for (int j = 0; j < nu; j++) ep.copyFrom(u, j * userFields * dim, j * personalFields * dim, personalFields * dim);
                Tensor rpUser = individual.forward(individualTape, ep, false, null);
                rp = sized(rp, n, groupWidth);
                gatherUsers(rpUser, n, rp);
                rpExample = rp;
            }
        }
        head.forward(rb, rgExample, rpExample, prob);
        if (!training) return null;

        float[] y = batch.labels();
        double major = meanBce(prob, y, n), group = 0, con = 0, orth = 0;
        if (classifier != null) {
            if (f1 != null && config.groupLoss) group = meanBce(f1Forward(f1Tape, rg, n, true, groupProb), y, n);
            if (contrast) con = meanBce(f1Forward(f1ContrastTape, rcon, n, false, contrastProb), y, n);
            if (config.orthogonalLoss) orth = orthogonalForward(n);
        }
        double total = major + config.lambdaGroup * group - config.lambdaContrast * con + config.lambdaOrthogonal * orth;
        return new TrainStats(total, major, group, con, orth);
    }

    private void backward(Batch batch) {
        int n = batch.size();
        float[] y = batch.labels();
        int rbWidth = backbone.outputWidth();
        dRb = sized(dRb, n, rbWidth);
        boolean gprec = classifier != null;
        if (gprec) {
            dRg = sized(dRg, n, groupWidth);
            if (individual != null) dRp = sized(dRp, n, groupWidth);
        }
        head.backward(y, 1.0 / n, dRb, gprec ? dRg : null, individual != null ? dRp : null);
        dE = backbone.backward(dRb);
        if (gprec) {
            boolean contrast = config.contrastLoss;
            int itemWidth = layout.item().length * dim;
            dEv = sized(dEv, n, itemWidth);
            dEv.fill(0);
            if (f1 != null && config.groupLoss) {
                dLogit1 = sized(dLogit1, n, 1);
                for (int i = 0; i < n; i++) dLogit1.set(i, config.lambdaGroup * (groupProb[i] - y[i]) / n);
                Tensor dx = f1.backward(f1Tape, dLogit1, true, true);
                Concat.addSplit(dx, new int[]{groupWidth, itemWidth}, dRg, dEv);
            }
            if (contrast) {
                dRcon = sized(dRcon, n, groupWidth);
                dRcon.fill(0);
                dLogit2 = sized(dLogit2, n, 1);
                // maximised: −λ2·BCE; θ1 frozen for this term, gradient flows only to its inputs
                for (int i = 0; i < n; i++) dLogit2.set(i, -config.lambdaContrast * (contrastProb[i] - y[i]) / n);
                Tensor dx = f1.backward(f1ContrastTape, dLogit2, false, true);
                Concat.addSplit(dx, new int[]{groupWidth, itemWidth}, dRcon, dEv);
            }
            if (config.orthogonalLoss) orthogonalBackward(n);
            int nu = users.count;
            dRgUser = scatterUsers(dRg, n, nu, dRgUser);
            dRconUser = contrast ? scatterUsers(dRcon, n, nu, dRconUser) : null;
            Tensor dU = classifier.backward(division.backward(dRgUser, dRconUser));
            if (individual != null) {
                dRpUser = scatterUsers(dRp, n, nu, dRpUser);
                Tensor dEp = individual.backward(individualTape, dRpUser, true, true);
                for (int j = 0; j < nu; j++) dU.addFrom(dEp, j * personalFields * dim, j * userFields * dim, personalFields * dim);
            }
            int itemStart = userFields * dim, w = fields * dim;
            for (int i = 0; i < n; i++) dE.addFrom(dEv, i * itemWidth, i * w + itemStart, itemWidth);
            for (int j = 0; j < nu; j++) embeddings.accumulate(rows, users.firstExample[j], userFields, dU, j);
        }
        embeddings.accumulateAll(rows, n, dE);
    }

    /** f1([r, E_v]) probabilities into out; {@code main} selects the tape of L_G (true) or L_Con. */
    private double[] f1Forward(Mlp.Tape tape, Tensor r, int n, boolean main, double[] out) {
        int itemWidth = layout.item().length * dim, w = fields * dim, itemStart = userFields * dim;
        Tensor x = main ? (x1 = sized(x1, n, groupWidth + itemWidth)) : (x2 = sized(x2, n, groupWidth + itemWidth));
        int xw = x.cols();
        for (int i = 0; i < n; i++) {
            x.copyFrom(r, i * groupWidth, i * xw, groupWidth);
            x.copyFrom(e, i * w + itemStart, i * xw + groupWidth, itemWidth);
        }
        Tensor logit = f1.forward(tape, x, false, null);
        for (int i = 0; i < n; i++) out[i] = Head.sigmoid(logit.get(i));
        return out;
    }

    /** Mean over the batch of cos(r_G, r_P) (or |cos|), Eq. 13. */
    private double orthogonalForward(int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double dot = 0, na = 0, nb = 0;
            for (int k = 0; k < groupWidth; k++) {
                double a = rg.get(i * groupWidth + k), b = rp.get(i * groupWidth + k);
                dot += a * b;
                na += a * a;
                nb += b * b;
            }
            double c = dot / Math.max(Math.sqrt(na) * Math.sqrt(nb), 1e-12);
            cosines[i] = c;
            sum += config.orthogonal == OrthogonalLoss.ABSOLUTE ? Math.abs(c) : c;
        }
        return sum / n;
    }

    private void orthogonalBackward(int n) {
        for (int i = 0; i < n; i++) {
            double na = 0, nb = 0;
            for (int k = 0; k < groupWidth; k++) {
                double a = rg.get(i * groupWidth + k), b = rp.get(i * groupWidth + k);
                na += a * a;
                nb += b * b;
            }
            double lenA = Math.max(Math.sqrt(na), 1e-12), lenB = Math.max(Math.sqrt(nb), 1e-12);
            double c = cosines[i];
            double scale = config.lambdaOrthogonal / n;
            if (config.orthogonal == OrthogonalLoss.ABSOLUTE) scale *= Math.signum(c);
            for (int k = 0; k < groupWidth; k++) {
                double a = rg.get(i * groupWidth + k), b = rp.get(i * groupWidth + k);
                dRg.add(i * groupWidth + k, scale * (b / (lenA * lenB) - c * a / (lenA * lenA)));
                dRp.add(i * groupWidth + k, scale * (a / (lenA * lenB) - c * b / (lenB * lenB)));
            }
        }
    }

    private void gatherUsers(Tensor perUser, int n, Tensor out) {
        int w = perUser.cols();
        for (int i = 0; i < n; i++) out.copyFrom(perUser, users.userOf[i] * w, i * w, w);
    }

    private Tensor scatterUsers(Tensor perExample, int n, int nu, Tensor out) {
        int w = perExample.cols();
        out = sized(out, nu, w);
        out.fill(0);
        for (int i = 0; i < n; i++) out.addFrom(perExample, i * w, users.userOf[i] * w, w);
        return out;
    }

    private static double meanBce(double[] p, float[] y, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double q = Math.min(1 - CLIP, Math.max(CLIP, p[i]));
            s -= y[i] * Math.log(q) + (1 - y[i]) * Math.log(1 - q);
        }
        return s / n;
    }

    private void ensureCapacity(int n) {
        if (prob.length < n) {
            rows = new int[n * fields];
            prob = new double[n];
            groupProb = new double[n];
            contrastProb = new double[n];
            cosines = new double[n];
        }
    }

    private Tensor sized(Tensor t, int r, int c) {
        return t == null ? Tensor.zeros(type, r, c) : t.withRows(r);
    }

    // ---- per-user state, for a stream processor that keeps it outside the model (keyed state) ----

    /**
     * A user's personal rows (one per personal field: values, Adam m, Adam v) as one float array
     * (the personal tables are float32, so this is exact), or null if the model holds none of
     * them. {@code personalKeys} are the keys of the personal fields, in {@link FieldLayout#personal()} order.
     */
    public float[] exportPersonal(long[] personalKeys) {
        int dim3 = 3 * dim;
        float[] out = null;
        for (int f = 0; f < personalFields; f++) {
            if (embeddings.tables[f].lastSeen(personalKeys[f]) == null) continue;
            if (out == null) out = new float[personalFields * dim3];
            embeddings.tables[f].exportRow(personalKeys[f], out, f * dim3);
        }
        return out;
    }

    /** Installs rows produced by {@link #exportPersonal}. */
    public void importPersonal(long[] personalKeys, float[] state) {
        int dim3 = 3 * dim;
        if (state.length != personalFields * dim3) {
            throw new IllegalArgumentException("expected personal state of " + personalFields * dim3 + " values, found " + state.length);
        }
        for (int f = 0; f < personalFields; f++) embeddings.tables[f].importRow(personalKeys[f], state, f * dim3);
    }

    /** Floats in a user's {@link #exportPersonal} array. */
    public int personalStateLength() { return personalFields * 3 * dim; }

    /** Drops a user's personal rows from the model (after saving them elsewhere). */
    public void evictPersonal(long[] personalKeys) {
        for (int f = 0; f < personalFields; f++) embeddings.tables[f].remove(personalKeys[f]);
    }

    /** Ids with a personal row currently held in the model (first personal field). */
    public int personalRowsHeld() {
        return personalFields == 0 ? 0 : embeddings.tables[0].liveRows();
    }

    // ---- expiry of rows not seen for a while (the caller decides the times and when to sweep) ----

    /**
     * Moves the clock to {@code time} if later (it never goes back): rows trained or created from
     * now on are stamped with it as their last-seen time. Any monotone time works; the stream job
     * uses event time.
     */
    public void advanceClock(long time) {
        if (time <= clock) return;
        clock = time;
        embeddings.setClock(time);
    }

    /** The clock ({@link EmbeddingTable#UNSTAMPED} until first advanced). */
    public long clock() { return clock; }

    /**
     * Drops every embedding row (any field) last seen before {@code cutoff}; rows never stamped
     * start their period now (they are stamped {@code cutoff}). Returns the rows dropped. Dropped
     * ids predict with the zero row and start afresh when trained on again.
     */
    public int expireRowsSeenBefore(long cutoff) {
        return embeddings.expireSeenBefore(cutoff);
    }

    /** Rows held in the shared (non-personal) tables. */
    public long sharedRows() {
        long n = 0;
        for (int f = personalFields; f < embeddings.tables.length; f++) n += embeddings.tables[f].liveRows();
        return n;
    }

    /** Last-seen time of the row of {@code key} in embedding table {@code field} (embedding order), or null without a row. */
    public Long lastSeen(int field, long key) {
        return embeddings.tables[field].lastSeen(key);
    }

    // ---- access for snapshots and tests ----
    Params params() { return params; }
    FieldEmbeddings embeddings() { return embeddings; }
    DenseAdam optimizer() { return adam; }
    Rng rng() { return rng; }
    void setStep(long s) { step = s; }
    /** Restores the clock without stamping (the rows keep their restored times). */
    void restoreClock(long c) {
        clock = c;
        embeddings.setClock(c);
    }

    /** Group masks m^1 of the last forward pass, per distinct user (GPRec only). */
    Tensor lastMasks() { return division == null ? null : division.masks(); }
}
