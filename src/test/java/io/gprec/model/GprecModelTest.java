package io.gprec.model;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Behaviour of the model beyond its gradients: determinism, inference mode, growing tables, the batched classifier. */
class GprecModelTest {
    @Test
    void sameSeedSameDataGivesIdenticalTraining() {
        GprecConfig config = GradientCheckTest.small().dataType(DataType.FLOAT).dropout(0.2).build();
        GprecModel a = new GprecModel(config, GradientCheckTest.LAYOUT), b = new GprecModel(config, GradientCheckTest.LAYOUT);
        for (int i = 0; i < 5; i++) assertThat(a.train(GradientCheckTest.batch())).isEqualTo(b.train(GradientCheckTest.batch()));
        assertThat(ModelSnapshotTest.predict(a)).containsExactly(ModelSnapshotTest.predict(b));

        GprecModel other = new GprecModel(config.toBuilder().seed(8).build(), GradientCheckTest.LAYOUT);
        other.train(GradientCheckTest.batch());
        assertThat(ModelSnapshotTest.predict(other)).isNotEqualTo(ModelSnapshotTest.predict(a));
    }

    @Test
    void predictionIsNoiseFreeAndDoesNotTouchTheModel() {
        GprecModel model = new GprecModel(GradientCheckTest.small().build(), GradientCheckTest.LAYOUT);
        model.train(GradientCheckTest.batch());
        long rngState = model.rng().state();
        double[] first = ModelSnapshotTest.predict(model), second = ModelSnapshotTest.predict(model);
        assertThat(second).containsExactly(first);
        assertThat(model.rng().state()).isEqualTo(rngState);
        assertThat(model.step()).isEqualTo(1);
    }

    @Test
    void unseenIdsGetTheZeroRowAtPredictionAndARowOfTheirOwnInTraining() {
        GprecModel model = new GprecModel(GradientCheckTest.small().build(), GradientCheckTest.LAYOUT);
        Batch b = GradientCheckTest.batch();
        model.predict(b, new double[b.size()]);
        assertThat(model.embeddings().tables[0].rows()).isEqualTo(1); // only the unseen row
        model.train(b);
        assertThat(model.embeddings().tables[0].rows()).isEqualTo(1 + 3); // three users
        assertThat(model.embeddings().tables[4].rows()).isEqualTo(1 + 3); // item field 4 has three values
    }

    @Test
    void trainingLowersTheLossOnALearnableBatch() {
        GprecModel model = new GprecModel(GradientCheckTest.small().dataType(DataType.FLOAT).adam(AdamSettings.of(0.01, 0)).build(),
                GradientCheckTest.LAYOUT);
        double first = model.train(GradientCheckTest.batch()).major(), last = first;
        for (int i = 0; i < 200; i++) last = model.train(GradientCheckTest.batch()).major();
        assertThat(last).isLessThan(first * 0.5);
    }

    @Test
    void masksAreProbabilitiesAndGumbelNoiseOnlyInTraining() {
        GprecModel model = new GprecModel(GradientCheckTest.small().build(), GradientCheckTest.LAYOUT);
        Batch b = GradientCheckTest.batch();
        model.train(b);
        model.predict(b, new double[b.size()]);
        double[] inference = model.lastMasks().toArray();
        model.predict(b, new double[b.size()]);
        assertThat(model.lastMasks().toArray()).containsExactly(inference);
        model.loss(b);
        double[] training = model.lastMasks().toArray();
        assertThat(training).isNotEqualTo(inference);
        for (double m : training) assertThat(m).isBetween(0.0, 1.0);
    }

    @Test
    void batchedClassifierEqualsOneSmallMlpPerGroup() {
        int in = 6, groups = 5, h1 = 4, h2 = 3, n = 7;
        Params params = new Params();
        GroupClassifier classifier = new GroupClassifier(params, DataType.DOUBLE, in, groups, h1, h2);
        params.allocate(DataType.DOUBLE, 11);
        Rng rng = new Rng(5);
        for (Params.Slot s : params.slots()) for (int i = 0; i < s.value().size(); i++) s.value().set(i, rng.nextGaussian() * 0.5);
        Tensor users = Tensor.zeros(DataType.DOUBLE, n, in);
        for (int i = 0; i < users.size(); i++) users.set(i, rng.nextGaussian());
        Tensor z = classifier.forward(users);
        Tensor w1 = params.slots().get(0).value(), b1 = params.slots().get(1).value(), w2 = params.slots().get(2).value(),
                b2 = params.slots().get(3).value(), w3 = params.slots().get(4).value(), b3 = params.slots().get(5).value();
        for (int u = 0; u < n; u++) {
            for (int g = 0; g < groups; g++) {
                double[] a1 = new double[h1], a2 = new double[h2];
                for (int j = 0; j < h1; j++) {
                    double s = b1.get(g * h1 + j);
                    for (int k = 0; k < in; k++) s += users.get(u, k) * w1.get(k, g * h1 + j);
                    a1[j] = Math.max(0, s);
                }
                for (int j = 0; j < h2; j++) {
                    double s = b2.get(g * h2 + j);
                    for (int k = 0; k < h1; k++) s += a1[k] * w2.get(g * h1 + k, j);
                    a2[j] = Math.max(0, s);
                }
                for (int j = 0; j < 2; j++) {
                    double s = b3.get(g * 2 + j);
                    for (int k = 0; k < h2; k++) s += a2[k] * w3.get(g * h2 + k, j);
                    assertThat(z.get(u, 2 * g + j)).isCloseTo(s, within(1e-12));
                }
            }
        }
    }

    @Test
    void configurationErrorsNameTheProblem() {
        assertThatThrownBy(() -> GprecConfig.builder().tau(0).build()).hasMessageContaining("tau");
        assertThatThrownBy(() -> GprecConfig.builder().dropout(1).build()).hasMessageContaining("dropout");
        assertThatCode(() -> GprecConfig.builder().headHidden().strategy(Strategy.DP).build()).doesNotThrowAnyException();
        assertThatThrownBy(() -> new GprecModel(GprecConfig.builder().headHidden().strategy(Strategy.DP).build(),
                GradientCheckTest.LAYOUT)).hasMessageContaining("DP strategy");
        assertThatThrownBy(() -> new GprecModel(GprecConfig.builder().build(),
                new FieldLayout(new int[0], new int[]{0}, new int[]{1}))).hasMessageContaining("personal field");
        assertThatThrownBy(() -> new FieldLayout(new int[]{0}, new int[]{0}, new int[]{1})).hasMessageContaining("permutation");
    }
}
