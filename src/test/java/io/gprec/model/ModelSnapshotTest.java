package io.gprec.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Snapshot round trips restore training exactly; damaged or mismatched files fail with a clear message. */
class ModelSnapshotTest {
    @TempDir
    Path dir;

    private static GprecModel trained(GprecConfig config, int steps) {
        GprecModel model = new GprecModel(config, GradientCheckTest.LAYOUT);
        for (int i = 0; i < steps; i++) model.train(GradientCheckTest.batch());
        return model;
    }

    @Test
    void restoredModelPredictsAndTrainsExactlyLikeTheOriginal() throws IOException {
        GprecConfig config = GradientCheckTest.small().dataType(org.nd4j.linalg.api.buffer.DataType.FLOAT).dropout(0.2).build();
        GprecModel original = trained(config, 5);
        Path file = dir.resolve("m.gprec");
        ModelSnapshot.write(original, Provenance.of(Map.of("data", "unit-test")), file);
        ModelSnapshot.Loaded loaded = ModelSnapshot.read(file);
        GprecModel copy = loaded.model();

        assertThat(loaded.provenance().get("data")).isEqualTo("unit-test");
        assertThat(loaded.provenance().get("created")).isNotBlank();
        assertThat(copy.config()).isEqualTo(config);
        assertThat(copy.step()).isEqualTo(5);
        assertThat(predict(copy)).containsExactly(predict(original));
        // optimiser moments, step and generator state came back too: the next steps are identical
        for (int i = 0; i < 3; i++) {
            assertThat(copy.train(GradientCheckTest.batch())).isEqualTo(original.train(GradientCheckTest.batch()));
        }
        assertThat(predict(copy)).containsExactly(predict(original));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(BackboneKind.class)
    void everyBackboneRoundTripsWithItsNameInTheConfig(BackboneKind backbone) throws IOException {
        Strategy strategy = backbone == BackboneKind.FINALMLP ? Strategy.ENSEMBLE : Strategy.DP;
        GprecConfig config = GradientCheckTest.small().backbone(backbone).strategy(strategy).dropout(0.2).build();
        GprecModel original = trained(config, 3);
        GprecModel copy = ModelSnapshot.read(new ByteArrayInputStream(bytes(original))).model();
        assertThat(copy.config().backbone).isEqualTo(backbone);
        assertThat(copy.config()).isEqualTo(config);
        assertThat(predict(copy)).containsExactly(predict(original));
        assertThat(copy.train(GradientCheckTest.batch())).isEqualTo(original.train(GradientCheckTest.batch()));
    }

    @Test
    void aSnapshotWrittenBeforeBackbonesExistedLoadsAsMlp() throws IOException {
        GprecModel original = trained(GradientCheckTest.small().build(), 2);
        byte[] bytes = bytes(original);
        // drop the config's ("backbone", "MLP") entry and decrement its entry count: the pre-backbone format
        byte[] key = utf("backbone"), value = utf("MLP");
        int at = indexOf(bytes, concat(key, value));
        assertThat(at).isPositive();
        int count = indexOf(bytes, utf("kind")) - 4;
        byte[] old = new byte[bytes.length - key.length - value.length];
        System.arraycopy(bytes, 0, old, 0, at);
        System.arraycopy(bytes, at + key.length + value.length, old, at, bytes.length - at - key.length - value.length);
        ByteBuffer b = ByteBuffer.wrap(old, count, 4);
        int n = b.getInt(count);
        b.putInt(count, n - 1);

        GprecModel copy = ModelSnapshot.read(new ByteArrayInputStream(old)).model();
        assertThat(copy.config().backbone).isEqualTo(BackboneKind.MLP);
        assertThat(copy.config()).isEqualTo(original.config());
        assertThat(predict(copy)).containsExactly(predict(original));
    }

    private static byte[] utf(String s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new java.io.DataOutputStream(out).writeUTF(s);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void shapeMismatchNamesTheParameter() throws IOException {
        byte[] bytes = bytes(trained(GradientCheckTest.small().build(), 1));
        // rewrite the stored width of the first dense parameter
        byte[] damaged = bytes.clone();
        String name = "backbone.h0.W";
        int at = indexOf(damaged, name.getBytes()) + name.length();
        ByteBuffer.wrap(damaged, at + 4, 4).putInt(99);
        assertThatThrownBy(() -> ModelSnapshot.read(new ByteArrayInputStream(damaged)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("backbone.h0.W")
                .hasMessageContaining("expected")
                .hasMessageContaining("found");
    }

    @Test
    void rejectsForeignFilesAndUnknownVersions() throws IOException {
        assertThatThrownBy(() -> ModelSnapshot.read(new ByteArrayInputStream("hello world, not a model".getBytes())))
                .isInstanceOf(IOException.class).hasMessageContaining("not a GPRec model snapshot");
        byte[] bytes = bytes(trained(GradientCheckTest.small().build(), 1));
        ByteBuffer.wrap(bytes, 8, 4).putInt(77);
        assertThatThrownBy(() -> ModelSnapshot.read(new ByteArrayInputStream(bytes)))
                .isInstanceOf(IOException.class).hasMessageContaining("unsupported snapshot version 77");
        assertThatThrownBy(() -> ModelSnapshot.read(dir.resolve("missing.gprec")))
                .isInstanceOf(IOException.class).hasMessageContaining("not found");
    }

    @Test
    void scorerServesASnapshotWithoutTraining() throws IOException {
        GprecModel model = trained(GradientCheckTest.small().build(), 4);
        Path file = dir.resolve("serve.gprec");
        ModelSnapshot.write(model, Provenance.of(Map.of()), file);
        Scorer scorer = Scorer.load(file);
        Batch b = GradientCheckTest.batch();
        double[] batchScores = scorer.score(b);
        assertThat(batchScores).containsExactly(predict(model));
        long[] first = java.util.Arrays.copyOf(b.keys(), b.fields());
        assertThat(scorer.score(first)).isEqualTo(batchScores[0]);
        assertThat(scorer.fields()).isEqualTo(5);
    }

    static double[] predict(GprecModel model) {
        Batch b = GradientCheckTest.batch();
        double[] out = new double[b.size()];
        model.predict(b, out);
        return out;
    }

    private static byte[] bytes(GprecModel model) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelSnapshot.write(model, Provenance.of(Map.of()), out);
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new AssertionError("not found");
    }
}
