package io.gprec.cli;

import io.gprec.cli.util.Args;
import io.gprec.model.AdamSettings;
import io.gprec.model.BackboneKind;
import io.gprec.model.GprecConfig;
import io.gprec.model.GroupCombine;
import io.gprec.model.ModelKind;
import io.gprec.model.OrthogonalLoss;
import io.gprec.model.Strategy;

import java.util.Set;

/** The model flags shared by every command that builds a model, mapped onto {@link GprecConfig}. */
final class ModelFlags {
    static final Set<String> VALUED = Set.of("--model", "--strategy", "--backbone", "--seed", "--groups", "--tau", "--combine",
            "--lambda1", "--lambda2", "--lambda3", "--orthogonal", "--lr", "--weight-decay", "--dropout", "--embedding-dim");
    static final Set<String> BOOLEAN = Set.of("--single-group-embedding", "--no-individual", "--no-group-loss",
            "--no-contrast-loss", "--no-orthogonal-loss", "--double");

    private ModelFlags() {}

    static GprecConfig config(Args a) {
        GprecConfig d = GprecConfig.builder().build();
        ModelKind kind = a.choice("--model", ModelKind.class, ModelKind.GPREC);
        GprecConfig.Builder b = GprecConfig.builder()
                .kind(kind)
                .strategy(a.choice("--strategy", Strategy.class, defaultStrategy(kind)))
                .backbone(a.choice("--backbone", BackboneKind.class, BackboneKind.MLP))
                .seed(a.longValue("--seed", d.seed))
                .groups(a.positiveInt("--groups", d.groups))
                .embeddingDim(a.positiveInt("--embedding-dim", d.embeddingDim))
                .tau(positive(a, "--tau", d.tau))
                .combine(a.choice("--combine", GroupCombine.class, d.combine))
                .lambdas(nonNegative(a, "--lambda1", d.lambdaGroup), nonNegative(a, "--lambda2", d.lambdaContrast),
                        nonNegative(a, "--lambda3", d.lambdaOrthogonal))
                .orthogonal(a.choice("--orthogonal", OrthogonalLoss.class, d.orthogonal))
                .adam(AdamSettings.of(positive(a, "--lr", d.adam.learningRate()),
                        nonNegative(a, "--weight-decay", d.adam.weightDecay())))
                .dropout(a.doubleValue("--dropout", d.dropout))
                .dualGroups(!a.flag("--single-group-embedding"))
                .individual(!a.flag("--no-individual"))
                .groupLoss(!a.flag("--no-group-loss"))
                .contrastLoss(!a.flag("--no-contrast-loss"))
                .orthogonalLoss(!a.flag("--no-orthogonal-loss"));
        if (a.flag("--double")) b.dataType(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new io.gprec.cli.util.UsageException(e.getMessage());
        }
    }

    /** DP for the DGPM-like baseline, its only strategy; INPUT otherwise. */
    static Strategy defaultStrategy(ModelKind kind) {
        return kind == ModelKind.DGPM ? Strategy.DP : Strategy.INPUT;
    }

    private static double positive(Args a, String flag, double dflt) {
        double v = a.doubleValue(flag, dflt);
        if (!(v > 0)) throw new io.gprec.cli.util.UsageException(flag + " expects a number > 0, got " + v);
        return v;
    }

    private static double nonNegative(Args a, String flag, double dflt) {
        double v = a.doubleValue(flag, dflt);
        if (!(v >= 0)) throw new io.gprec.cli.util.UsageException(flag + " expects a number >= 0, got " + v);
        return v;
    }
}
