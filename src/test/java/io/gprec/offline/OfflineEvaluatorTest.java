package io.gprec.offline;

import io.gprec.data.Dataset;
import io.gprec.data.Split;
import io.gprec.model.GprecConfig;
import io.gprec.model.ModelKind;
import io.gprec.model.Strategy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The offline protocol on a synthetic dataset with a planted rule: determinism, learning, early stopping, strategies. */
class OfflineEvaluatorTest {
    private static final OfflineEvaluator.Listener SILENT = new OfflineEvaluator.Listener() {};
    private static Dataset data;

    @BeforeAll
    static void generate() {
        data = SyntheticData.dataset(2024);
    }

    private static OfflineOptions options(ModelKind kind, Strategy strategy, long seed, int epochs, int patience) {
        GprecConfig config = SyntheticData.smallConfig(kind, strategy, seed).build();
        return new OfflineOptions(Path.of("synthetic"), config, 256, epochs, patience, seed);
    }

    private static OfflineResult run(OfflineOptions options) {
        return new OfflineEvaluator(options, SILENT).run(data);
    }

    @Test
    void sameOptionsGiveBitIdenticalResults() {
        OfflineOptions options = options(ModelKind.GPREC, Strategy.INPUT, 7, 2, 2);
        OfflineResult a = run(options), b = run(options);
        assertThat(Double.doubleToRawLongBits(b.testAuc())).isEqualTo(Double.doubleToRawLongBits(a.testAuc()));
        assertThat(Double.doubleToRawLongBits(b.testLogLoss())).isEqualTo(Double.doubleToRawLongBits(a.testLogLoss()));
        assertThat(b.validationAucs()).containsExactlyElementsOf(a.validationAucs());
        assertThat(b.bestValidationAuc()).isEqualTo(a.bestValidationAuc());
        assertThat(b.bestEpoch()).isEqualTo(a.bestEpoch());
        assertThat(b.epochsRun()).isEqualTo(a.epochsRun());
    }

    @Test
    void anotherSeedGivesAnotherResult() {
        OfflineResult a = run(options(ModelKind.GPREC, Strategy.INPUT, 7, 2, 2));
        OfflineResult b = run(options(ModelKind.GPREC, Strategy.INPUT, 8, 2, 2));
        assertThat(b.testAuc()).isNotEqualTo(a.testAuc());
    }

    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void learnsThePlantedRule(ModelKind kind) {
        OfflineResult r = run(options(kind, kind == ModelKind.DGPM ? Strategy.DP : Strategy.INPUT, 11, 4, 2));
        // The Bayes-optimal AUC of the planted rule is about 0.9; a constant scorer gets 0.5.
        assertThat(r.testAuc()).isGreaterThan(0.65).isLessThan(1.0);
        assertThat(r.bestValidationAuc()).isGreaterThan(0.65);
        assertThat(r.testLogLoss()).isFinite().isLessThan(Math.log(2));
    }

    /** Every backbone, as GPRec (input), learns the rule; the gradient checks alone would pass a backbone that never learns. */
    @ParameterizedTest
    @EnumSource(io.gprec.model.BackboneKind.class)
    void everyBackboneLearnsThePlantedRule(io.gprec.model.BackboneKind backbone) {
        GprecConfig config = SyntheticData.smallConfig(ModelKind.GPREC, Strategy.INPUT, 11).backbone(backbone).build();
        OfflineResult r = run(new OfflineOptions(Path.of("synthetic"), config, 256, 4, 2, 11));
        assertThat(r.testAuc()).isGreaterThan(0.65).isLessThan(1.0);
        assertThat(r.testLogLoss()).isFinite().isLessThan(Math.log(2));
    }

    @Test
    void stopsEarlyAtTheFirstEpochWithoutImprovementWhenPatienceIsOne() {
        AtomicInteger started = new AtomicInteger(), done = new AtomicInteger(), bests = new AtomicInteger();
        AtomicLong examples = new AtomicLong();
        OfflineEvaluator evaluator = new OfflineEvaluator(options(ModelKind.GPREC, Strategy.INPUT, 3, 30, 1),
                new OfflineEvaluator.Listener() {
                    @Override public void epochStarted(int epoch, int batches) {
                        assertThat(epoch).isEqualTo(started.incrementAndGet());
                        assertThat(batches).isEqualTo((4800 + 255) / 256);
                    }
                    @Override public void batchDone(int n) { examples.addAndGet(n); }
                    @Override public void epochDone(int epoch, double auc, boolean best) {
                        assertThat(epoch).isEqualTo(done.incrementAndGet());
                        if (best) bests.incrementAndGet();
                    }
                });
        OfflineResult r = evaluator.run(data);

        assertThat(r.epochsRun() == r.bestEpoch() + 1 || r.epochsRun() == 30)
                .as("epochs run %d, best epoch %d", r.epochsRun(), r.bestEpoch()).isTrue();
        assertThat(r.validationAucs()).hasSize(r.epochsRun());
        assertThat(r.bestValidationAuc()).isEqualTo(Collections.max(r.validationAucs()));
        assertThat(r.validationAucs().get(r.bestEpoch() - 1)).isEqualTo(r.bestValidationAuc());
        // with patience 1 every epoch up to the best one improved on the previous
        for (int e = 1; e < r.bestEpoch(); e++) {
            assertThat(r.validationAucs().get(e)).isGreaterThan(r.validationAucs().get(e - 1));
        }
        assertThat(started.get()).isEqualTo(r.epochsRun());
        assertThat(done.get()).isEqualTo(r.epochsRun());
        assertThat(bests.get()).isEqualTo(r.bestEpoch());
        assertThat(examples.get()).isEqualTo(4800L * r.epochsRun()); // floor(0.8 * 6000) training examples per epoch
        assertThat(r.trainSeconds()).isPositive();
    }

    @Test
    void theReturnedModelIsTheBestValidationEpochNotTheLast() {
        long seed = 5;
        OfflineEvaluator evaluator = new OfflineEvaluator(options(ModelKind.GPREC, Strategy.INPUT, seed, 30, 1), SILENT);
        OfflineResult r = evaluator.run(data);
        Split split = Split.random(data.interactions(), seed, 0.8, 0.1);
        int fields = data.schema().size();
        Predictions.Quality validation = Predictions.evaluate(evaluator.bestModel(),
                EncodedExamples.encode(split.validation(), fields));
        Predictions.Quality test = Predictions.evaluate(evaluator.bestModel(), EncodedExamples.encode(split.test(), fields));
        assertThat(validation.auc()).isEqualTo(r.bestValidationAuc());
        assertThat(test.auc()).isEqualTo(r.testAuc());
        assertThat(test.logLoss()).isEqualTo(r.testLogLoss());
    }

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void everyStrategyRunsAndGivesAFiniteAuc(Strategy strategy) {
        OfflineResult r = run(options(ModelKind.GPREC, strategy, 13, 2, 2));
        assertThat(r.testAuc()).isFinite().isStrictlyBetween(0.0, 1.0);
        assertThat(r.testLogLoss()).isFinite().isPositive();
        assertThat(r.validationAucs()).hasSize(r.epochsRun()).allSatisfy(a -> assertThat(a).isStrictlyBetween(0.0, 1.0));
    }
}
