package io.gprec.model;

import org.nd4j.linalg.api.buffer.DataType;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every hyper-parameter of the model, with the paper's defaults (§IV-A4): d = 16, G = 60,
 * τ = 0.5, λ = (1, 0.001, 0.0001), prediction MLPs 64-32-16-1, group classifier 64-32-2 per
 * group, Adam lr 0.002 with weight decay 1e-6, dropout 0.2 in the backbone only.
 */
public final class GprecConfig {
    public final ModelKind kind;
    public final Strategy strategy;
    public final BackboneKind backbone;
    public final int embeddingDim;
    public final int groups;
    public final double tau;
    public final GroupCombine combine;
    public final double lambdaGroup, lambdaContrast, lambdaOrthogonal;
    public final OrthogonalLoss orthogonal;
    public final int[] backboneHidden, headHidden, classifierHidden, individualHidden;
    public final double dropout;
    public final AdamSettings adam;
    public final double embeddingInitScale;
    public final long seed;
    public final DataType dataType;
    /** Ablations of paper §IV-C: false = GPRec-1 (one embedding per group, softmax division, as DGPM). */
    public final boolean dualGroups;
    /** false = GPRec-2 (no r_P, and so no L_O). */
    public final boolean individual;
    /** false = GPRec-3/4/5: drop L_G, L_Con, L_O respectively. */
    public final boolean groupLoss, contrastLoss, orthogonalLoss;

    private GprecConfig(Builder b) {
        kind = b.kind;
        strategy = b.strategy;
        backbone = b.backbone;
        if (kind == ModelKind.DGPM && backbone == BackboneKind.FINALMLP) {
            throw new IllegalArgumentException("the DGPM-like baseline uses dynamic parameters, which FinalMLP's bilinear "
                    + "prediction layer cannot take (paper Table III); use another backbone");
        }
        if (kind == ModelKind.DGPM && strategy != Strategy.DP) {
            throw new IllegalArgumentException("the DGPM-like baseline joins the backbone by dynamic parameters only; "
                    + "strategy " + strategy + " is not available for it (use DP)");
        }
        if (kind == ModelKind.GPREC && backbone == BackboneKind.FINALMLP && strategy == Strategy.DP) {
            throw new IllegalArgumentException("FinalMLP's prediction layer is a bilinear fusion, not an MLP, and takes no "
                    + "dynamic parameters: use strategy INPUT or ENSEMBLE with it");
        }
        embeddingDim = positive("embedding dim", b.embeddingDim);
        groups = positive("groups", b.groups);
        if (!(b.tau > 0)) throw new IllegalArgumentException("tau must be > 0, got " + b.tau);
        tau = b.tau;
        combine = b.combine;
        lambdaGroup = nonNegative("lambda1 (L_G)", b.lambdaGroup);
        lambdaContrast = nonNegative("lambda2 (L_Con)", b.lambdaContrast);
        lambdaOrthogonal = nonNegative("lambda3 (L_O)", b.lambdaOrthogonal);
        orthogonal = b.orthogonal;
        backboneHidden = widths("backbone hidden", b.backboneHidden, true);
        headHidden = widths("head hidden", b.headHidden, false);
        classifierHidden = widths("classifier hidden", b.classifierHidden, true);
        if (classifierHidden.length != 2) {
            throw new IllegalArgumentException("the group classifier has two hidden layers, got " + Arrays.toString(classifierHidden));
        }
        individualHidden = widths("individual hidden", b.individualHidden, false);
        if (b.dropout < 0 || b.dropout >= 1) throw new IllegalArgumentException("dropout must be in [0,1), got " + b.dropout);
        dropout = b.dropout;
        adam = b.adam;
        if (!(b.embeddingInitScale > 0)) throw new IllegalArgumentException("embedding init scale must be > 0");
        embeddingInitScale = b.embeddingInitScale;
        seed = b.seed;
        if (b.dataType != DataType.FLOAT && b.dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException("data type must be FLOAT or DOUBLE, got " + b.dataType);
        }
        dataType = b.dataType;
        boolean dgpm = kind == ModelKind.DGPM; // its fixed recipe: see ModelKind
        dualGroups = b.dualGroups && !dgpm;
        individual = b.individual && !dgpm;
        groupLoss = b.groupLoss && !dgpm;
        contrastLoss = b.contrastLoss && dualGroups; // the contrast swaps p_i and n_i: needs both
        orthogonalLoss = b.orthogonalLoss && individual;
    }

    public static Builder builder() { return new Builder(); }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.kind = kind; b.strategy = strategy; b.backbone = backbone; b.embeddingDim = embeddingDim; b.groups = groups; b.tau = tau;
        b.combine = combine; b.lambdaGroup = lambdaGroup; b.lambdaContrast = lambdaContrast;
        b.lambdaOrthogonal = lambdaOrthogonal; b.orthogonal = orthogonal; b.backboneHidden = backboneHidden;
        b.headHidden = headHidden; b.classifierHidden = classifierHidden; b.individualHidden = individualHidden;
        b.dropout = dropout; b.adam = adam; b.embeddingInitScale = embeddingInitScale; b.seed = seed;
        b.dataType = dataType; b.dualGroups = dualGroups; b.individual = individual; b.groupLoss = groupLoss;
        b.contrastLoss = contrastLoss; b.orthogonalLoss = orthogonalLoss;
        return b;
    }

    /** Width of r_G (and of r_P, which L_O compares with it). */
    public int groupWidth() { return combine == GroupCombine.CONCAT ? groups * embeddingDim : embeddingDim; }

    /** Flat description for provenance and snapshots; {@link #fromMap} reads it back. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kind", kind.name());
        m.put("strategy", strategy.name());
        m.put("backbone", backbone.name());
        m.put("embeddingDim", Integer.toString(embeddingDim));
        m.put("groups", Integer.toString(groups));
        m.put("tau", Double.toString(tau));
        m.put("combine", combine.name());
        m.put("lambdaGroup", Double.toString(lambdaGroup));
        m.put("lambdaContrast", Double.toString(lambdaContrast));
        m.put("lambdaOrthogonal", Double.toString(lambdaOrthogonal));
        m.put("orthogonal", orthogonal.name());
        m.put("backboneHidden", join(backboneHidden));
        m.put("headHidden", join(headHidden));
        m.put("classifierHidden", join(classifierHidden));
        m.put("individualHidden", join(individualHidden));
        m.put("dropout", Double.toString(dropout));
        m.put("learningRate", Double.toString(adam.learningRate()));
        m.put("beta1", Double.toString(adam.beta1()));
        m.put("beta2", Double.toString(adam.beta2()));
        m.put("epsilon", Double.toString(adam.epsilon()));
        m.put("weightDecay", Double.toString(adam.weightDecay()));
        m.put("embeddingInitScale", Double.toString(embeddingInitScale));
        m.put("seed", Long.toString(seed));
        m.put("dataType", dataType.name());
        m.put("dualGroups", Boolean.toString(dualGroups));
        m.put("individual", Boolean.toString(individual));
        m.put("groupLoss", Boolean.toString(groupLoss));
        m.put("contrastLoss", Boolean.toString(contrastLoss));
        m.put("orthogonalLoss", Boolean.toString(orthogonalLoss));
        return m;
    }

    public static GprecConfig fromMap(Map<String, String> m) {
        Builder b = builder()
                .kind(ModelKind.valueOf(req(m, "kind")))
                .strategy(Strategy.valueOf(req(m, "strategy")))
                // configs written before backbones were selectable are MLP
                .backbone(BackboneKind.valueOf(m.getOrDefault("backbone", BackboneKind.MLP.name())))
                .embeddingDim(Integer.parseInt(req(m, "embeddingDim")))
                .groups(Integer.parseInt(req(m, "groups")))
                .tau(Double.parseDouble(req(m, "tau")))
                .combine(GroupCombine.valueOf(req(m, "combine")))
                .lambdas(Double.parseDouble(req(m, "lambdaGroup")), Double.parseDouble(req(m, "lambdaContrast")),
                        Double.parseDouble(req(m, "lambdaOrthogonal")))
                .orthogonal(OrthogonalLoss.valueOf(req(m, "orthogonal")))
                .backboneHidden(split(req(m, "backboneHidden")))
                .headHidden(split(req(m, "headHidden")))
                .classifierHidden(split(req(m, "classifierHidden")))
                .individualHidden(split(req(m, "individualHidden")))
                .dropout(Double.parseDouble(req(m, "dropout")))
                .adam(new AdamSettings(Double.parseDouble(req(m, "learningRate")), Double.parseDouble(req(m, "beta1")),
                        Double.parseDouble(req(m, "beta2")), Double.parseDouble(req(m, "epsilon")),
                        Double.parseDouble(req(m, "weightDecay"))))
                .embeddingInitScale(Double.parseDouble(req(m, "embeddingInitScale")))
                .seed(Long.parseLong(req(m, "seed")))
                .dataType(DataType.valueOf(req(m, "dataType")))
                .dualGroups(Boolean.parseBoolean(req(m, "dualGroups")))
                .individual(Boolean.parseBoolean(req(m, "individual")))
                .groupLoss(Boolean.parseBoolean(req(m, "groupLoss")))
                .contrastLoss(Boolean.parseBoolean(req(m, "contrastLoss")))
                .orthogonalLoss(Boolean.parseBoolean(req(m, "orthogonalLoss")));
        return b.build();
    }

    @Override
    public boolean equals(Object o) { return o instanceof GprecConfig c && toMap().equals(c.toMap()); }

    @Override
    public int hashCode() { return toMap().hashCode(); }

    @Override
    public String toString() { return "GprecConfig" + toMap(); }

    private static String req(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) throw new IllegalArgumentException("model config is missing '" + key + "'");
        return v;
    }

    private static String join(int[] a) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.length; i++) sb.append(i == 0 ? "" : ",").append(a[i]);
        return sb.toString();
    }

    private static int[] split(String s) {
        return s.isEmpty() ? new int[0] : Arrays.stream(s.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static int positive(String what, int v) {
        if (v <= 0) throw new IllegalArgumentException(what + " must be > 0, got " + v);
        return v;
    }

    private static double nonNegative(String what, double v) {
        if (!(v >= 0)) throw new IllegalArgumentException(what + " must be >= 0, got " + v);
        return v;
    }

    private static int[] widths(String what, int[] w, boolean nonEmpty) {
        if (nonEmpty && w.length == 0) throw new IllegalArgumentException(what + " needs at least one layer");
        for (int x : w) positive(what + " width", x);
        return w.clone();
    }

    /** Builder with the paper's defaults. */
    public static final class Builder {
        private ModelKind kind = ModelKind.GPREC;
        private Strategy strategy = Strategy.INPUT;
        private BackboneKind backbone = BackboneKind.MLP;
        private int embeddingDim = 16;
        private int groups = 60;
        private double tau = 0.5;
        private GroupCombine combine = GroupCombine.SUM;
        private double lambdaGroup = 1.0, lambdaContrast = 0.001, lambdaOrthogonal = 0.0001;
        private OrthogonalLoss orthogonal = OrthogonalLoss.SIGNED;
        private int[] backboneHidden = {64, 32, 16};
        private int[] headHidden = {64, 32, 16};
        private int[] classifierHidden = {64, 32};
        private int[] individualHidden = {64};
        private double dropout = 0.2;
        private AdamSettings adam = AdamSettings.of(0.002, 1e-6);
        private double embeddingInitScale = 0.05;
        private long seed = 42;
        private DataType dataType = DataType.FLOAT;
        private boolean dualGroups = true, individual = true, groupLoss = true, contrastLoss = true, orthogonalLoss = true;

        public Builder kind(ModelKind v) { kind = v; return this; }
        public Builder strategy(Strategy v) { strategy = v; return this; }
        public Builder backbone(BackboneKind v) { backbone = v; return this; }
        public Builder embeddingDim(int v) { embeddingDim = v; return this; }
        public Builder groups(int v) { groups = v; return this; }
        public Builder tau(double v) { tau = v; return this; }
        public Builder combine(GroupCombine v) { combine = v; return this; }
        public Builder lambdas(double group, double contrast, double orthogonal) {
            lambdaGroup = group; lambdaContrast = contrast; lambdaOrthogonal = orthogonal; return this;
        }
        public Builder orthogonal(OrthogonalLoss v) { orthogonal = v; return this; }
        public Builder backboneHidden(int... v) { backboneHidden = v; return this; }
        public Builder headHidden(int... v) { headHidden = v; return this; }
        public Builder classifierHidden(int... v) { classifierHidden = v; return this; }
        public Builder individualHidden(int... v) { individualHidden = v; return this; }
        public Builder dropout(double v) { dropout = v; return this; }
        public Builder adam(AdamSettings v) { adam = v; return this; }
        public Builder embeddingInitScale(double v) { embeddingInitScale = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder dataType(DataType v) { dataType = v; return this; }
        public Builder dualGroups(boolean v) { dualGroups = v; return this; }
        public Builder individual(boolean v) { individual = v; return this; }
        public Builder groupLoss(boolean v) { groupLoss = v; return this; }
        public Builder contrastLoss(boolean v) { contrastLoss = v; return this; }
        public Builder orthogonalLoss(boolean v) { orthogonalLoss = v; return this; }
        public GprecConfig build() { return new GprecConfig(this); }
    }
}
