package io.gprec.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every analytic gradient of the model against central finite differences, in double precision:
 * all dense parameters (each layer type, the batched classifier, dual group embeddings, heads of
 * each strategy, f_DP's generated weights) and every embedding row a batch touches. Training-mode
 * passes with the generator reset before each, so the Gumbel noise and dropout masks are the same
 * in every evaluation and their paths are checked too.
 */
class GradientCheckTest {
    private static final double H = 1e-6;
    private static final double TOLERANCE = 2e-5;

    static final FieldLayout LAYOUT = new FieldLayout(new int[]{0}, new int[]{1, 2}, new int[]{3, 4});

    static GprecConfig.Builder small() {
        return GprecConfig.builder().dataType(DataType.DOUBLE).embeddingDim(4).groups(3)
                .backboneHidden(8, 6).headHidden(7, 5).classifierHidden(6, 4).individualHidden(5)
                .dropout(0).embeddingInitScale(0.5).seed(7);
    }

    /** 8 examples from 3 users (so per-user results are scattered back to several examples). */
    static Batch batch() {
        int n = 8, f = 5;
        long[] keys = new long[n * f];
        float[] labels = new float[n];
        int[] user = {1, 2, 1, 3, 2, 1, 3, 3};
        for (int i = 0; i < n; i++) {
            keys[i * f] = user[i];
            keys[i * f + 1] = 100 + user[i] % 2;
            keys[i * f + 2] = 200 + user[i];
            keys[i * f + 3] = 300 + i % 4;
            keys[i * f + 4] = 400 + i % 3;
            labels[i] = (i * 7 % 3 == 0) ? 1 : 0;
        }
        return new Batch(n, f, keys, labels);
    }

    static Stream<GprecConfig> configs() {
        return Stream.of(
                small().kind(ModelKind.BASE).build(),
                small().kind(ModelKind.BASE).dropout(0.3).build(),
                // each auxiliary term made large so that its own gradient path dominates
                small().strategy(Strategy.INPUT).lambdas(1, 0, 0).build(),
                small().strategy(Strategy.INPUT).lambdas(0, 0, 5).build(),
                small().strategy(Strategy.INPUT).lambdas(0, 0, 5).orthogonal(OrthogonalLoss.ABSOLUTE).build(),
                small().strategy(Strategy.DP).lambdas(1, 0, 0.5).build(),
                small().strategy(Strategy.ENSEMBLE).lambdas(1, 0, 0.5).build(),
                small().strategy(Strategy.INPUT).combine(GroupCombine.CONCAT).lambdas(1, 0, 0.5).build(),
                small().strategy(Strategy.DP).dualGroups(false).lambdas(1, 0, 0.5).build(),
                small().strategy(Strategy.DP).dualGroups(false).combine(GroupCombine.CONCAT).lambdas(1, 0, 0.5).build(),
                small().strategy(Strategy.INPUT).individual(false).lambdas(1, 0, 0).build(),
                small().strategy(Strategy.ENSEMBLE).individual(false).dropout(0.3).lambdas(1, 0, 0).build(),
                small().strategy(Strategy.INPUT).tau(0.2).lambdas(1, 0, 0.5).build());
    }

    @ParameterizedTest
    @MethodSource("configs")
    void allGradientsMatchFiniteDifferences(GprecConfig config) {
        List<String> failures = check(config, name -> true);
        assertThat(failures).as(config.toString()).isEmpty();
    }

    /** Each non-MLP backbone as base (with and without dropout), under each strategy it takes, and as DGPM. */
    static Stream<GprecConfig> backboneConfigs() {
        List<GprecConfig> out = new ArrayList<>();
        for (BackboneKind kind : new BackboneKind[]{BackboneKind.DCN, BackboneKind.GDCN, BackboneKind.DEEPFM, BackboneKind.FINALMLP}) {
            out.add(small().backbone(kind).kind(ModelKind.BASE).build());
            out.add(small().backbone(kind).kind(ModelKind.BASE).dropout(0.3).build());
            out.add(small().backbone(kind).strategy(Strategy.INPUT).lambdas(1, 0, 0.5).build());
            out.add(small().backbone(kind).strategy(Strategy.ENSEMBLE).lambdas(1, 0, 0.5).build());
            if (kind != BackboneKind.FINALMLP) {
                out.add(small().backbone(kind).strategy(Strategy.DP).lambdas(1, 0, 0.5).build());
                out.add(small().backbone(kind).kind(ModelKind.DGPM).strategy(Strategy.DP).build());
            }
        }
        out.add(small().kind(ModelKind.DGPM).strategy(Strategy.DP).build());
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("backboneConfigs")
    void backboneGradientsMatchFiniteDifferences(GprecConfig config) {
        List<String> failures = check(config, name -> true);
        assertThat(failures).as(config.toString()).isEmpty();
    }

    /**
     * L_Con with f1 frozen: the analytic gradient of everything but θ1 must match the finite
     * difference of the whole loss, and θ1's gradient must equal the one with λ2 = 0.
     */
    @ParameterizedTest
    @MethodSource("contrastConfigs")
    void contrastLossFlowsThroughFrozenF1(GprecConfig config) {
        List<String> failures = check(config, name -> !name.startsWith("group.f1"));
        assertThat(failures).isEmpty();

        double[] withContrast = slotGradients(config, "group.f1");
        double[] without = slotGradients(config.toBuilder().lambdas(config.lambdaGroup, 0, config.lambdaOrthogonal).build(), "group.f1");
        assertThat(withContrast).containsExactly(without);
        // and the contrast term does move the group embeddings: the frozen path is not a dead path
        double[] pWith = slotGradients(config, "groups.positive");
        double[] pWithout = slotGradients(config.toBuilder().lambdas(config.lambdaGroup, 0, config.lambdaOrthogonal).build(), "groups.positive");
        assertThat(pWith).isNotEqualTo(pWithout);
    }

    static Stream<GprecConfig> contrastConfigs() {
        return Stream.of(
                small().strategy(Strategy.INPUT).lambdas(1, 2, 0).build(),
                small().strategy(Strategy.INPUT).combine(GroupCombine.CONCAT).lambdas(0.5, 2, 0.1).build(),
                small().strategy(Strategy.DP).lambdas(1, 2, 0.1).build());
    }

    @Test
    void finiteDifferenceCheckCanFail() {
        // guard against a vacuous check: a corrupted analytic gradient must be reported
        GprecModel model = new GprecModel(small().build(), LAYOUT);
        Batch b = batch();
        model.loss(b);
        long s = model.rng().state();
        model.rng().setState(s);
        model.computeGradients(b);
        Params.Slot slot = model.params().slots().get(0);
        slot.grad().add(0, 1e-3);
        model.rng().setState(s);
        double analytic = slot.grad().get(0);
        double numeric = numeric(model, b, s, () -> slot.value().get(0), v -> slot.value().set(0, v));
        assertThat(relativeError(analytic, numeric)).isGreaterThan(TOLERANCE);
    }

    private static double[] slotGradients(GprecConfig config, String prefix) {
        GprecModel model = model(config);
        Batch b = batch();
        model.loss(b);
        model.rng().setState(99);
        model.computeGradients(b);
        List<Double> out = new ArrayList<>();
        for (Params.Slot slot : model.params().slots()) {
            if (slot.name().startsWith(prefix)) for (double v : slot.grad().toArray()) out.add(v);
        }
        assertThat(out).isNotEmpty();
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * A model whose biases are moved off their zero init: with zero biases, a row whose ReLU
     * inputs are all zero sits exactly on the kink, where finite differences are meaningless.
     */
    static GprecModel model(GprecConfig config) {
        GprecModel model = new GprecModel(config, LAYOUT);
        Rng rng = new Rng(3);
        for (Params.Slot slot : model.params().slots()) {
            if (slot.name().endsWith(".b") || slot.name().matches(".*\\.b\\d")) {
                for (int i = 0; i < slot.value().size(); i++) slot.value().set(i, 0.2 * (rng.nextOpenUnit() - 0.5));
            }
        }
        return model;
    }

    static List<String> check(GprecConfig config, java.util.function.Predicate<String> include) {
        GprecModel model = model(config);
        Batch b = batch();
        model.loss(b); // creates the embedding rows, so later passes see the same tables
        long state = model.rng().state();
        model.rng().setState(state);
        model.computeGradients(b);
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Params.Slot slot : model.params().slots()) {
            if (!include.test(slot.name())) continue;
            double[] analytic = slot.grad().toArray();
            for (int i = 0; i < analytic.length; i++) {
                final int idx = i;
                double numeric = numeric(model, b, state, () -> slot.value().get(idx), v -> slot.value().set(idx, v));
                checked++;
                if (relativeError(analytic[i], numeric) > TOLERANCE) {
                    failures.add(slot.name() + "[" + i + "] analytic " + analytic[i] + " numeric " + numeric);
                }
            }
        }
        FieldEmbeddings emb = model.embeddings();
        int nonZeroEmbedding = 0;
        for (int f = 0; f < emb.fields(); f++) {
            EmbeddingTable t = emb.tables[f];
            for (int row = 1; row < t.rows(); row++) {
                for (int k = 0; k < t.dim(); k++) {
                    final int r = row, kk = k;
                    double analytic = emb.pendingGradient(f, row, k);
                    double numeric = numeric(model, b, state, () -> t.value(r, kk), v -> t.setValue(r, kk, v));
                    checked++;
                    if (analytic != 0) nonZeroEmbedding++;
                    if (relativeError(analytic, numeric) > TOLERANCE) {
                        failures.add("embedding field " + f + " row " + row + "[" + k + "] analytic " + analytic + " numeric " + numeric);
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(100);
        assertThat(nonZeroEmbedding).isGreaterThan(0);
        return failures;
    }

    private static double numeric(GprecModel model, Batch b, long state,
                                  java.util.function.DoubleSupplier get, java.util.function.DoubleConsumer set) {
        double x = get.getAsDouble();
        set.accept(x + H);
        model.rng().setState(state);
        double plus = model.loss(b);
        set.accept(x - H);
        model.rng().setState(state);
        double minus = model.loss(b);
        set.accept(x);
        return (plus - minus) / (2 * H);
    }

    private static double relativeError(double a, double b) {
        double diff = Math.abs(a - b);
        return diff < 1e-9 ? 0 : diff / Math.max(Math.abs(a) + Math.abs(b), 1e-6);
    }
}
